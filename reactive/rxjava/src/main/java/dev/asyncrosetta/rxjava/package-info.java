/**
 * The checkout as an RxJava 3 chain over {@code java.net.http.HttpClient.sendAsync}.
 *
 * <p>What to notice: cancellation is built in, and that changes everything. Disposing the chain
 * travels upstream to every call in flight, so the per-call {@code timeout}, the whole-chain
 * deadline, a failed sibling detail and the caller's cancel all abort the HTTP exchange with no
 * bookkeeping of our own. The retry is {@code retryWhen} resubscribing to a cold call; the fan-out
 * is {@code concatMapEager}, which keeps the orders' order but waits for the oldest call before
 * starting another, so a slow head narrows the window. It stays the style's fan-out because one
 * operator bounds, orders and fails fast; {@code RxJavaStyle.slidingWindow()}, which is not
 * registered, fans out with {@code flatMapSingle} over indexed orders and {@code toSortedList}
 * instead, only so the benchmark can compare the styles at the same number of calls in flight.
 *
 * <p>The price is paid at the edges, and most of it is about errors with no one left to receive
 * them, which RxJava hands to {@code RxJavaPlugins.onError} (by default it prints them and calls the
 * thread's uncaught exception handler; on Android, that crashes the app). Bridging in from a
 * CompletableFuture must cancel it on disposal and drop the failure that the abort itself causes
 * ({@link dev.asyncrosetta.rxjava.SingleBridge}: {@code Single.create}, {@code setCancellable},
 * {@code tryOnError}; not {@code Single.fromCompletionStage}, which cancels nothing). Bridging out,
 * {@code toCompletionStage()} disposes on most completions but not all, and reports a late error as
 * undeliverable, so {@code RxJavaCheckout.checkout} subscribes its own future (its comment says
 * exactly what is missing).
 *
 * <p>Whose threads: each service runs its chains on one thread of its own
 * ({@link dev.asyncrosetta.rxjava.ServiceLoop}, a {@code Schedulers.from} over a one-thread
 * ScheduledThreadPoolExecutor that close() ends; RxJava's global schedulers would outlive the
 * service). That is a choice, and this is why it is kept:
 * <ul>
 *   <li>It buys what a library cannot otherwise promise: no undeliverable errors. On a pool, a
 *       signal and a disposal run side by side, and operators such as {@code timeout} and
 *       {@code concatMapEager} then report the loser to {@code RxJavaPlugins.onError}. RxJava's own
 *       answer is a global error handler that ignores such errors, and installing one is the
 *       application's call, not a checkout service's. On one thread nothing overlaps, so nothing
 *       reaches the handler (NoUndeliverableErrorsTest, and every contract scenario, check it), and
 *       the chain needs no lock.
 *   <li>It costs cores: one service's chains, JSON decoding and the client's completions share one
 *       thread (54-65% of the client's CPU in docs/benchmarks.md, on 2 cores), so a service cannot
 *       use more than about one core's worth of that work. The answer is RxJava's and Netty's usual
 *       one: a service per core, or (if one service must scale) N such loops with each checkout
 *       pinned to one, as Netty's event loop group does; both keep every guarantee above, where
 *       {@code Schedulers.from(pool)} would give up the first.
 *   <li>It sets one trap, handled: close() from a checkout's callback runs on that thread, and
 *       waiting there for the thread's queue would wait for itself; ServiceLoop then closes from a
 *       short-lived thread of its own and returns at once (C25).
 * </ul>
 *
 * <p>Paying through the broker ({@link dev.asyncrosetta.rxjava.BrokerPublisher}): Kafka's own
 * producer, as shared/broker-client sets it up for every style, behind {@code Single.create},
 * subscribed on the producer's one publishing thread ({@code Schedulers.from}), since {@code send} may block on metadata or a full buffer; the
 * acknowledgement, the outcome and every failure are signalled on the service loop, so a signal
 * still never runs beside a disposal. A dispose before the record was handed over means it is never
 * sent; after, it cannot be taken back. The outcome wait is a {@code Single.create} the outcome
 * listener completes, its wait removed by {@code emitter.setCancellable}; the call timeout and the
 * deadline are {@code timeout} operators on the loop, as over HTTP.
 */
package dev.asyncrosetta.rxjava;
