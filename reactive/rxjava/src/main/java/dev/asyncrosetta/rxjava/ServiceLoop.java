package dev.asyncrosetta.rxjava;

import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread a service runs its checkouts on, like an event loop: the HTTP client completes
 * every call here, and every timeout, backoff and deadline fires here.
 *
 * <p>One thread is what keeps RxJava quiet. An operator that receives an error after it was
 * disposed cannot deliver it and hands it to {@code RxJavaPlugins.onError} instead. On a pool, a
 * detail failing on one thread while a failed sibling disposes it from another does exactly that,
 * now and then. Here the disposal and the signal cannot overlap: whichever runs second finds the
 * work already ended. Disposals from outside (the caller's cancel) come here through
 * {@code unsubscribeOn}.
 *
 * <p>And the thread is the service's own: RxJava's global schedulers ({@code computation()},
 * {@code single()}) would outlive the service, so the scheduler is made from an executor that
 * {@link #close} ends.
 */
final class ServiceLoop implements AutoCloseable {
    private final ScheduledThreadPoolExecutor thread;
    private final Scheduler scheduler;

    // side-by-side: begin threads
    ServiceLoop() {
        this.thread = new ScheduledThreadPoolExecutor(1, RxJavaStyle.threads("rxjava-loop-"));
        // Every call's timeout is cancelled when the call answers: drop it from the queue at once.
        this.thread.setRemoveOnCancelPolicy(true);
        // A ScheduledExecutorService, so that Rx's delays are timed on it (with a plain Executor,
        // RxJava would time them on its global single() thread).
        this.scheduler = Schedulers.from(thread);
    }
    // side-by-side: end threads

    /** For the HTTP client: its own work, and the completion of every call. */
    Executor executor() {
        return thread;
    }

    /** For the chain: timeouts, backoffs, deadlines, and disposal. */
    Scheduler scheduler() {
        return scheduler;
    }

    /** Waits until everything queued so far has run: the disposals a cancel has sent here. */
    void runQueued() {
        try {
            thread.submit(() -> {}).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the service's thread did not run its queue", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
