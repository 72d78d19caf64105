package dev.asyncrosetta.futures;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one checkout has running: its HTTP exchanges and its backoff timers, kept so that all of it
 * can be stopped once the checkout's outcome is decided.
 *
 * <p>Each exchange can be cancelled: the JDK client's futures are cancelable, and so is every stage
 * derived from one, so {@code cancel(true)} on the future {@code sendAsync} returns, or on a stage
 * made from it (the client's {@code handleAsync}), aborts the exchange. The checkout as a whole
 * cannot be cancelled that way. Over its life it has several exchanges and backoff timers, one
 * after another, and several at once in the fan-out. The future its {@code thenCompose} chain
 * returns is a dependent of whichever of them is in flight, and the result the caller holds is
 * completed from that chain: CompletableFuture does not propagate cancellation from a dependent
 * back to its source, so cancelling either leaves the stage in flight running. Hence this set:
 * every exchange and timer starts through {@link #start} and stays here until it completes, and
 * {@link #abort} cancels each one itself.
 */
final class InFlight {
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean aborted;

    InFlight(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    // side-by-side: begin cancellation
    /**
     * Starts the work unless the checkout was aborted, and keeps it until it completes. Work that
     * throws instead of returning a future (a timer refusing tasks once close() shut it, a bug) fails
     * the future it returns: the checkout's future learns of it, the caller of checkout never does.
     */
    <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> work) {
        if (aborted) {
            return CompletableFuture.failedFuture(new CancellationException("checkout aborted"));
        }
        CompletableFuture<T> future;
        try {
            future = work.get();
        } catch (RuntimeException thrown) {
            return CompletableFuture.failedFuture(thrown);
        }
        running.add(future);
        future.whenComplete((value, failure) -> running.remove(future));
        if (aborted) {
            future.cancel(true); // abort() ran between the check above and the add
        }
        return future;
    }
    // side-by-side: end cancellation

    /** Completes after the delay on the checkout's timer; aborting cancels the timer too. */
    CompletableFuture<Void> delay(Duration delay) {
        return start(() -> {
            CompletableFuture<Void> elapsed = new CompletableFuture<>();
            ScheduledFuture<?> tick = timer.schedule(() -> elapsed.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
            elapsed.whenComplete((value, failure) -> tick.cancel(false));
            return elapsed;
        });
    }

    // side-by-side: begin cancellation
    /** Cancels everything running, each future itself: cancel(true) on an exchange's stage aborts the exchange. */
    void abort() {
        aborted = true;
        running.forEach(future -> future.cancel(true));
    }
    // side-by-side: end cancellation
}
