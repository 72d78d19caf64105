/**
 * The checkout as nested callbacks over Jetty's non-blocking {@code HttpClient}.
 *
 * <p>What to notice: the workflow is the pyramid every later style exists to flatten, each step
 * starting the next from inside its success callback and forwarding its failure by hand. The callback
 * is Jetty's own {@link org.eclipse.jetty.util.Promise} ({@code succeeded}, {@code failed}). The shape is
 * the cheap part. Correctness is the rest, all written here because callbacks promise nothing:
 * {@link dev.asyncrosetta.callbacks.Once} decides the outcome exactly once among the callbacks racing
 * for it; {@link dev.asyncrosetta.callbacks.InFlight} aborts what is running once it is decided, drops
 * late reports, and catches what a callback throws (Jetty would log it and the checkout would hang);
 * the bounded, ordered fan-out is two counters and an array of slots; backoffs and the deadline run on
 * the style's one timer thread, which also runs Jetty's request timeouts. The CompletableFuture that
 * {@code checkout} returns is only the adapter to the shared interface; its {@code cancel} reaches the
 * same abort path.
 */
package dev.asyncrosetta.callbacks;
