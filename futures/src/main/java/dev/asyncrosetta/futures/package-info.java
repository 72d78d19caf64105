/**
 * The checkout as CompletableFuture composition over {@code java.net.http.HttpClient.sendAsync}.
 *
 * <p>What to notice: the steps read top to bottom as a {@code thenCompose} chain, but everything
 * CompletableFuture does not do had to be written by hand. Cancellation does not travel upstream,
 * so {@link dev.asyncrosetta.futures.InFlight} keeps every exchange and backoff timer of a checkout
 * and aborts them once its outcome is decided. The bounded, ordered fan-out is a counter and slots.
 * The per-call timeout is the request's own ({@code HttpRequest.timeout}), because
 * {@code orTimeout} would fail the future and leave the request running. And the client gets its
 * own executor: on a 2-core machine the common pool would start a thread per completion.
 */
package dev.asyncrosetta.futures;
