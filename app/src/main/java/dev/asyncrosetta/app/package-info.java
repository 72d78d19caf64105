/**
 * The {@code rosetta} command: {@code styles}, {@code serve}, {@code checkout} and {@code compare}.
 *
 * <p>Styles are found at run time through {@link dev.asyncrosetta.model.CheckoutStyle#all()}; nothing
 * here names one. The timelines come from the outside: each style's HTTP client reports its calls to
 * {@link dev.asyncrosetta.model.CallTrace} (which thread started a call, which handled its answer),
 * and the embedded shop's ledger adds its own side (when it worked on the call and how it ended), so
 * the workflows themselves carry no tracing code.
 */
package dev.asyncrosetta.app;
