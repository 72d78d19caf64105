/**
 * The checkout as CompletableFuture composition over {@code java.net.http.HttpClient.sendAsync}.
 *
 * <p>What to notice: the steps read top to bottom as a {@code thenCompose} chain, but everything
 * CompletableFuture does not do had to be written by hand. Each exchange can be cancelled, since
 * {@code cancel(true)} on sendAsync's future, or on a stage derived from it, aborts it; but a
 * checkout is several exchanges and backoff timers over time, and cancelling a dependent stage does
 * not cancel the stage it came from, so cancelling the checkout's own future would leave the call
 * in flight running. {@link dev.asyncrosetta.futures.InFlight} keeps every exchange and timer of a
 * checkout and cancels each one once its outcome is decided. The bounded, ordered fan-out is a
 * counter and slots. The per-call timeout is a timer of the style's own that cancels the exchange,
 * because the request's own ({@code HttpRequest.timeout}) only bounds the wait for the headers, and
 * {@code orTimeout} would fail the future and leave the request running. And every answer is moved
 * onto the style's own workers with {@code handleAsync}: sendAsync hands its answers over to
 * CompletableFuture's default executor whatever executor the client has. On JDK 25 that is always
 * the JVM-wide common ForkJoinPool, whose parallelism is by default the core count minus one: a
 * single worker on a 2-core machine, shared with everything else in the JVM. On JDK 17 it is the
 * common pool only when {@code ForkJoinPool.getCommonPoolParallelism()} is 2 or more; below that
 * (by default, on any machine of 2 cores or fewer) it starts a new thread for every answer.
 */
package dev.asyncrosetta.futures;
