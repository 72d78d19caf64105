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
 * {@code HttpClientRequest}, or, while it still waits for a pooled connection, never sending it
 * ({@link dev.asyncrosetta.vertx.Exchange}). The one crossing of threads is at the edge, where the
 * caller completing its future (a cancel, or its own complete or orTimeout) hops onto the
 * checkout's context to abort. The client's pool is sized on purpose: HTTP/1.1 carries one exchange
 * per connection, and the default 5 per host would throttle the fan-out. The service owns its Vert.x
 * instance and closing it closes everything; from a checkout's own callback, on its event loop, the
 * close is started rather than waited for, since that thread is one of those it ends.
 */
package dev.asyncrosetta.vertx;
