/**
 * The checkout as plain sequential blocking code over {@code java.net.http.HttpClient}, run two
 * ways from one class: on virtual threads ({@code virtual-threads}) and on fixed pools of platform
 * threads ({@code blocking}, the thread-per-request baseline).
 *
 * <p>What to notice: {@link dev.asyncrosetta.loom.LoomCheckout} reads like the specification: four
 * method calls, a retry loop with {@code Thread.sleep}, and a fan-out in a try block. Everything the
 * async styles do with operators and hand-kept sets of futures is interruption here: the caller's
 * cancel and the deadline interrupt the checkout's thread, closing the fan-out's
 * {@link dev.asyncrosetta.loom.FailFastScope} interrupts its subtasks, and a thread interrupted
 * while it waits for an answer makes the client abort its exchange. FailFastScope is a small scope
 * of the project's own rather than the JDK's {@code StructuredTaskScope}, which is still a preview
 * API, starts a thread per subtask and has no concurrency limit (its javadoc has the details). Each call waits for its whole
 * answer at most callTimeout, then aborts the exchange too ({@link dev.asyncrosetta.loom.LoomShopClient}:
 * the request's own timeout would bound only the wait for the head). The CompletableFuture that
 * checkout returns is only the adapter to the shared interface ({@link dev.asyncrosetta.loom.CheckoutTask}).
 *
 * <p>The two styles differ only in their {@link dev.asyncrosetta.loom.Threads}. A virtual thread
 * waiting for an answer costs a few kilobytes of heap and leaves its carrier free; a platform
 * thread stays taken, so the pool size is how many checkouts make progress at once, and the rest
 * queue. Under the contract's load, 2,000 checkouts at once, virtual-threads adds one platform
 * thread of its own (the HttpClient's selector); blocking adds 404 (two pools of 200, the client's
 * two, its timer and the selector). Both also use CompletableFuture's default executor, where the
 * JDK client hands over every answer of {@code sendAsync}: on JDK 25 the JVM-wide common
 * ForkJoinPool, whose parallelism is by default the core count minus one (a single worker on a
 * 2-core machine, shared by the whole JVM); before JDK 25, when that parallelism is below 2, a new
 * thread for every answer instead. A checkout's deadline counts from the call to
 * {@code checkout}, time spent queued for a thread included.
 */
package dev.asyncrosetta.loom;
