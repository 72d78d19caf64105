/**
 * The checkout as CompletableFuture composition over {@code java.net.http.HttpClient.sendAsync}.
 *
 * <p>What to notice: the steps read top to bottom as a {@code thenCompose} chain, but everything
 * CompletableFuture does not do had to be written by hand. Cancellation does not travel upstream,
 * so {@link dev.asyncrosetta.futures.InFlight} keeps every exchange and backoff timer of a checkout
 * and aborts them once its outcome is decided. The bounded, ordered fan-out is a counter and slots.
 * The per-call timeout is a timer of the style's own that cancels the exchange, because the
 * request's own ({@code HttpRequest.timeout}) only bounds the wait for the headers, and
 * {@code orTimeout} would fail the future and leave the request running. And every answer is
 * moved onto the style's own workers with {@code handleAsync}: sendAsync hands its answers to
 * CompletableFuture's default pool whatever executor the client has, and on a 2-core machine that
 * pool starts a new thread per task. (A JVM may avoid even that hand-over thread by raising
 * {@code java.util.concurrent.ForkJoinPool.common.parallelism} to 2 or more; a library cannot.)
 */
package dev.asyncrosetta.futures;
