package dev.asyncrosetta.loom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link LoomCheckout} runs its blocking code: the one thing that differs between the
 * virtual-threads and the blocking style. The service owns all four and shuts them down on close.
 *
 * <p>Every wait here ends at a deadline the caller gives ({@link System#nanoTime} based), and at
 * once if the waiting thread is interrupted. That is also what makes close() work on one of these
 * threads (from a checkout's own callback): {@code shutdownNow} interrupts the closing thread with
 * the others, and a thread cannot wait for itself to end.
 *
 * @param checkouts runs each checkout's workflow, top to bottom
 * @param fanOut runs the detail calls a checkout forks; separate from {@code checkouts} so that a
 *     bounded pool cannot fill up with checkouts all waiting for subtasks queued behind them
 * @param payments runs the payment step, handed over by the checkout's thread, which is then free:
 *     the bulkhead pattern on threads, so that payments that hang or wait for the payment bulkhead
 *     hold these threads, never the ones checkouts that need no payment are waiting for
 * @param httpClient the HttpClient's executor, for its own asynchronous steps
 * @param deadlines fires each checkout's deadline
 */
record Threads(ExecutorService checkouts, ExecutorService fanOut, ExecutorService payments, ExecutorService httpClient,
        ScheduledThreadPoolExecutor deadlines) {

    Threads {
        deadlines.setRemoveOnCancelPolicy(true); // a deadline cancelled early must not sit in the queue
    }

    /**
     * Interrupts every checkout and subtask (each interrupted call aborts its exchange) and waits,
     * until {@code deadlineNanos} at most, for them to end. A checkout still queued never runs; its
     * caller's future is cancelled.
     */
    void stopTasks(long deadlineNanos) {
        List<Runnable> neverStarted = new ArrayList<>(checkouts.shutdownNow());
        fanOut.shutdownNow(); // the checkouts that forked these drop them as they close their scopes
        neverStarted.addAll(payments.shutdownNow());
        neverStarted.forEach(task -> ((Future<?>) task).cancel(false));
        awaitTermination(checkouts, deadlineNanos);
        awaitTermination(fanOut, deadlineNanos);
        awaitTermination(payments, deadlineNanos);
    }

    /** After the HTTP client is closed: its executor and the deadline timer, waited for until {@code deadlineNanos} at most. */
    void stopTheRest(long deadlineNanos) {
        httpClient.shutdownNow();
        deadlines.shutdownNow();
        awaitTermination(httpClient, deadlineNanos);
        awaitTermination(deadlines, deadlineNanos);
    }

    /**
     * Waits, but never past the deadline nor once interrupted (the interrupt is kept). A thread that
     * ignores its interrupt is left behind, interrupted, rather than holding up what close() still
     * has to release.
     */
    private static void awaitTermination(ExecutorService executor, long deadlineNanos) {
        try {
            executor.awaitTermination(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
