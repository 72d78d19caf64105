package dev.asyncrosetta.loom;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a {@link LoomCheckout} runs its blocking code: the one thing that differs between the
 * virtual-threads and the blocking style. The service owns all four and shuts them down on close.
 *
 * @param checkouts runs each checkout's workflow, top to bottom
 * @param fanOut runs the detail calls a checkout forks; separate from {@code checkouts} so that a
 *     bounded pool cannot fill up with checkouts all waiting for subtasks queued behind them
 * @param httpClient the HttpClient's executor, for its own asynchronous steps
 * @param deadlines fires each checkout's deadline
 */
record Threads(ExecutorService checkouts, ExecutorService fanOut, ExecutorService httpClient, ScheduledThreadPoolExecutor deadlines) {
    private static final Duration GRACE = Duration.ofSeconds(5);

    Threads {
        deadlines.setRemoveOnCancelPolicy(true); // a deadline cancelled early must not sit in the queue
    }

    /**
     * Interrupts every checkout and subtask (each interrupted {@code send} aborts its exchange) and
     * waits for them to end. A checkout still queued never runs; its caller's future is cancelled.
     */
    void stopTasks() {
        List<Runnable> neverStarted = checkouts.shutdownNow();
        fanOut.shutdownNow(); // the checkouts that forked these drop them as they close their scopes
        neverStarted.forEach(task -> ((Future<?>) task).cancel(false));
        awaitTermination(checkouts);
        awaitTermination(fanOut);
    }

    /** After the HTTP client is closed: its executor and the deadline timer. */
    void stopTheRest() {
        httpClient.shutdownNow();
        deadlines.shutdownNow();
        awaitTermination(httpClient);
        awaitTermination(deadlines);
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("threads still running " + GRACE.toSeconds() + " s after close: " + executor);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
