package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.StyleThreads;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread a service runs its checkouts on, like an event loop: the HTTP client completes
 * every call here, every subscription and disposal comes here ({@code subscribeOn},
 * {@code unsubscribeOn}), and every timeout, backoff and deadline fires here.
 *
 * <p>What it buys: an operator that receives an error after it was disposed cannot deliver it and
 * hands it to {@code RxJavaPlugins.onError}; on a pool, a detail failing on one thread while a
 * failed sibling or a timeout disposes it from another does exactly that, now and then. Here a
 * disposal and a signal never overlap: whichever runs second finds the work already ended. And
 * nothing the chain touches is shared between threads, so nothing needs a lock. What it costs:
 * a service's chains, decoding and the client's completions share one core (see package-info for
 * why that is kept), and a close() called on this thread must not wait for it ({@link #close}).
 *
 * <p>The thread is the service's own: RxJava's global schedulers ({@code computation()},
 * {@code single()}) would outlive the service, so the scheduler is made from an executor that
 * {@link #close} ends.
 */
final class ServiceLoop {
    private final StyleThreads threads = StyleThreads.named("rxjava-loop-");
    private final ScheduledThreadPoolExecutor thread;
    private final Scheduler scheduler;

    // side-by-side: begin threads
    ServiceLoop() {
        // Work that arrives once the loop has closed (a checkout that raced close(), cancelled
        // already, subscribing or disposing) has nothing left to do: the client is closed. Dropped
        // quietly, rather than refused with an exception RxJava would report as undeliverable.
        this.thread = new ScheduledThreadPoolExecutor(1, threads,
                new ThreadPoolExecutor.DiscardPolicy());
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

    /** For the chain: subscriptions, timeouts, backoffs, deadlines, and disposal. */
    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Ends the loop once everything queued so far has run (the disposals a close sent here, which
     * abort the exchanges), with {@code release} (the HTTP client, which needs the loop until it
     * has stopped) run just before.
     *
     * <p>Called on the loop's own thread (close() in a callback of a checkout's future, which
     * completes here), waiting for the queue would be waiting for itself: a thread of its own then
     * does the closing, and this returns at once. That thread ends when the loop has.
     */
    void close(Runnable release) {
        Runnable closing = () -> {
            boolean ranQueued = runQueued();
            try {
                release.run();
            } finally {
                thread.shutdownNow();
                awaitTermination();
            }
            if (!ranQueued) {
                throw new IllegalStateException("the service's thread did not run its queue within 5 s");
            }
        };
        if (threads.isCurrentThreadOurs()) {
            Thread closer = new Thread(closing, "closing-rxjava-loop");
            closer.setDaemon(true);
            closer.start();
        } else {
            closing.run();
        }
    }

    private boolean runQueued() {
        try {
            thread.submit(() -> {}).get(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private void awaitTermination() {
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
