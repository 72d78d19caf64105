package dev.asyncrosetta.rxjava;

import io.reactivex.rxjava3.core.Single;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * From a CompletableFuture-based API into Rx, without leaking the work behind the future.
 *
 * <p>{@code Single.fromCompletionStage} would be shorter, but disposing it only detaches: the
 * request keeps running and the shop never sees it end. Here disposal cancels the future, which for
 * {@code HttpClient.sendAsync} aborts the exchange.
 *
 * <p>The Single signals on an executor of the caller's choosing, not on the thread that completes
 * the future: {@code sendAsync} completes its future on CompletableFuture's default pool whatever
 * executor the client was given (the common pool, or on JDK 17 with fewer than 3 cores a new
 * thread per completion), and the rest of the chain would run there.
 */
final class SingleBridge {
    private SingleBridge() {}

    // side-by-side: begin cancellation
    /**
     * A cold Single: each subscriber starts its own future, disposing the subscription cancels it,
     * and its outcome is signalled on {@code signalOn}.
     */
    static <T> Single<T> fromFuture(Supplier<? extends CompletableFuture<T>> start, Executor signalOn) {
        return Single.create(emitter -> {
            if (emitter.isDisposed()) {
                return; // disposed before it started (a checkout cancelled as it began): start nothing
            }
            CompletableFuture<T> future;
            try {
                future = start.get();
            } catch (RuntimeException notStarted) {
                // Single.create would pass it to onError, which hands it to RxJavaPlugins if the
                // subscriber has gone meanwhile: the client closed under a cancelled checkout.
                emitter.tryOnError(notStarted);
                return;
            }
            emitter.setCancellable(() -> future.cancel(true));
            future.whenCompleteAsync((value, failure) -> {
                if (failure == null) {
                    emitter.onSuccess(value);
                } else {
                    // After a disposal the failure is the cancel's own echo and nobody is listening:
                    // tryOnError drops it, where onError would hand it to RxJavaPlugins.onError as
                    // an undeliverable error.
                    emitter.tryOnError(unwrap(failure));
                }
            }, signalOn);
        });
    }
    // side-by-side: end cancellation

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
