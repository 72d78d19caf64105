/**
 * The checkout as Vert.x future composition over Vert.x core's own HTTP client, on an event loop.
 *
 * <p>What to notice: the steps read top to bottom as a {@code compose} chain, the same shape as the
 * CompletableFuture style, but everything of one checkout happens on one event-loop context: the
 * first call starts through {@code runOnContext}, and the HTTP client's answers and the timers
 * (backoff, deadline, call timeout) all come back to the context that asked for them. Because
 * nothing of a checkout ever runs on two threads at once, its state is plain fields and lists: the
 * fan-out's cursor and slots, and {@link dev.asyncrosetta.vertx.InFlight}, which keeps how to stop
 * every request and timer. That object is needed because a Vert.x future cannot be cancelled and
 * {@code Future.timeout} only fails the future: stopping an exchange means resetting its
 * {@code HttpClientRequest}. The one crossing of threads is at the edge, where a caller's
 * {@code cancel(true)} hops onto the checkout's context to abort. The client's pool is sized on
 * purpose: HTTP/1.1 carries one exchange per connection, and the default 5 per host would throttle
 * the fan-out. The service owns its Vert.x instance and closing it closes everything.
 */
package dev.asyncrosetta.vertx;
