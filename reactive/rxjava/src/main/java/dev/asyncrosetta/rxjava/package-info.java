/**
 * The checkout as an RxJava 3 chain over {@code java.net.http.HttpClient.sendAsync}.
 *
 * <p>What to notice: cancellation is built in, and that changes everything. Disposing the chain
 * travels upstream to every call in flight, so the per-call {@code timeout}, the whole-chain
 * deadline, a failed sibling detail and the caller's cancel all abort the HTTP exchange with no
 * bookkeeping of our own. The retry is {@code retryWhen} resubscribing to a cold call; the fan-out
 * is {@code concatMapEager}, which keeps the orders' order but waits for the oldest call before
 * starting another, so a slow head narrows the window.
 *
 * <p>The price is paid at the edges, and most of it is about errors with no one left to receive
 * them, which RxJava hands to {@code RxJavaPlugins.onError} (by default it prints them and calls the
 * thread's uncaught exception handler; on Android, that crashes the app). Bridging in from a
 * CompletableFuture must cancel it on disposal and drop the failure that the abort itself causes
 * ({@link dev.asyncrosetta.rxjava.SingleBridge}: {@code Single.create}, {@code setCancellable},
 * {@code tryOnError}; not {@code Single.fromCompletionStage}, which cancels nothing). And a
 * disposal must never run beside a signal, or an operator disposed a moment earlier receives an
 * error it cannot deliver: each service runs its chains on one thread of its own
 * ({@link dev.asyncrosetta.rxjava.ServiceLoop}), and subscriptions and disposals from the caller go
 * there through {@code subscribeOn} and {@code unsubscribeOn}. RxJava's global schedulers are not
 * used: their threads outlive the service.
 */
package dev.asyncrosetta.rxjava;
