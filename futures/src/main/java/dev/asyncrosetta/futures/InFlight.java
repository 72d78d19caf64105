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
 * What one checkout has running: its HTTP exchanges and its backoff timers. CompletableFuture does
 * not cancel upstream (cancelling a dependent stage leaves the stage it came from running), so the
 * workflow keeps this set and aborts it by hand once the checkout's outcome is decided.
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
    /** Cancels everything running; cancel(true) on an exchange's future aborts the HTTP request. */
    void abort() {
        aborted = true;
        running.forEach(future -> future.cancel(true));
    }
    // side-by-side: end cancellation
}
