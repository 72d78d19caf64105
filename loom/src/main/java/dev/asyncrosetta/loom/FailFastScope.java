package dev.asyncrosetta.loom;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Structured fan-out, failing fast: the owner forks subtasks onto an executor, at most
 * {@code limit} running at a time, then joins them. The first failure interrupts the other subtasks
 * and is what {@link #join} throws; closing the scope interrupts whatever still runs and waits for
 * it to end, so no subtask outlives the block that forked it.
 *
 * <pre>{@code
 * try (var scope = new FailFastScope<Detail>(executor, 4)) {
 *     List<Supplier<Detail>> details = new ArrayList<>();
 *     for (String id : ids) {
 *         details.add(scope.fork(() -> fetch(id)));   // waits while 4 are running
 *     }
 *     scope.join();                                   // or throws the first failure
 *     return details.stream().map(Supplier::get).toList();   // in fork order
 * }
 * }</pre>
 *
 * <p>Why not the JDK's {@code StructuredTaskScope}, which, opened with
 * {@code Joiner.allSuccessfulOrThrow()}, is the same idea:
 * <ul>
 *   <li>It is a preview API in every JDK from 21 to 25, and changed again in 26 (JEP 525, its sixth
 *       preview). Code using it must be compiled and run with {@code --enable-preview}, and then
 *       runs only on the one JDK release it was compiled for.
 *   <li>It starts a new thread for every subtask, from its thread factory: it cannot hand subtasks
 *       to an executor, so it cannot drive the blocking style's fixed fan-out pool, whose bounded
 *       size is the point of that baseline.
 *   <li>It has no concurrency limit: detailsConcurrency would be a semaphore around each fork,
 *       written by hand all the same.
 * </ul>
 *
 * <p>The lock is a ReentrantLock rather than {@code synchronized}: on JDK 21 to 23 a virtual thread
 * waiting inside a monitor pins its carrier thread.
 */
final class FailFastScope<T> implements AutoCloseable {

    /** A subtask's body: blocking code that may be interrupted. */
    @FunctionalInterface
    interface Task<T> {
        T call() throws InterruptedException;
    }

    private final Executor executor;
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition subtaskEnded = lock.newCondition();
    // Guarded by lock.
    private final List<Subtask> forked = new ArrayList<>();
    private int running;
    private Throwable failure;

    FailFastScope(Executor executor, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        this.executor = executor;
        this.limit = limit;
    }

    /**
     * Starts the task once fewer than {@code limit} subtasks are running, waiting for one to end if
     * needed. Once a subtask has failed it starts nothing: the outcome is decided, and the returned
     * subtask never succeeds. Its {@code get()} gives the result after a successful {@link #join}.
     *
     * @throws InterruptedException if the owner is interrupted, before or while waiting for a slot
     */
    Supplier<T> fork(Task<? extends T> task) throws InterruptedException {
        Subtask subtask = new Subtask(task);
        lock.lockInterruptibly(); // an owner already interrupted (cancelled, past its deadline) starts nothing
        try {
            while (running == limit && failure == null) {
                subtaskEnded.await();
            }
            if (failure != null) {
                return subtask;
            }
            running++;
            forked.add(subtask);
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(subtask);
        } catch (RejectedExecutionException closed) {
            subtask.ended(closed);
        }
        return subtask;
    }

    /** Waits until every subtask has succeeded, or throws the first failure as it is (the others are interrupted). */
    void join() throws InterruptedException {
        Throwable failed;
        lock.lockInterruptibly();
        try {
            while (running > 0 && failure == null) {
                subtaskEnded.await();
            }
            failed = failure;
        } finally {
            lock.unlock();
        }
        switch (failed) {
            case null -> { }
            case RuntimeException unchecked -> throw unchecked;
            case InterruptedException interrupted -> throw interrupted;
            case Error error -> throw error;
            default -> throw new IllegalStateException("a subtask failed", failed);
        }
    }

    // side-by-side: begin cancellation
    /**
     * Interrupts the subtasks still running, drops those not started yet, and waits until every
     * subtask started has ended (returned or thrown), not merely been interrupted; one that ignores
     * its interrupt holds this up until it ends. What that means at the shop is the subtask's part:
     * {@link LoomShopClient} answers an interrupt by cancelling its exchange before it throws. So once
     * this returns, no subtask is waiting for an answer and every exchange they started has been
     * cancelled; the JDK client completes a cancellation asynchronously, though, so the shop may see
     * the connection close a moment later. Waits even if the owner is interrupted (that is how it
     * usually gets here) and leaves its interrupt status set.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            forked.forEach(Subtask::cancel);
            while (running > 0) {
                subtaskEnded.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }
    // side-by-side: end cancellation

    private final class Subtask implements Runnable, Supplier<T> {
        private final Task<? extends T> task;
        // Guarded by lock.
        private Thread runner;
        private boolean cancelled;
        private boolean ended;
        private volatile boolean succeeded;
        private T value;

        Subtask(Task<? extends T> task) {
            this.task = task;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                if (cancelled) return; // cancel() already counted it as ended
                runner = Thread.currentThread();
            } finally {
                lock.unlock();
            }
            try {
                value = task.call();
                succeeded = true;
                ended(null);
            } catch (Throwable e) {
                ended(e);
            }
        }

        void ended(Throwable outcome) {
            lock.lock();
            try {
                if (ended) return; // rejected by a closed executor after a failing sibling had already dropped it
                runner = null; // from here on an interrupt could only hit whatever the thread runs next
                ended = true;
                running--;
                if (outcome != null && failure == null) {
                    failure = outcome;
                    forked.forEach(Subtask::cancel); // fail fast: stop the siblings now, not when the owner wakes
                }
                subtaskEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Called with the lock held, by ended() (which signals the owner next) or by close() (the owner
         * itself, which checks the count next): so a subtask ended here needs no signal of its own.
         */
        void cancel() {
            if (ended || cancelled) return;
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            } else {
                // Still queued for a thread: it will not run, so it ends here.
                ended = true;
                running--;
            }
        }

        @Override
        public T get() {
            if (!succeeded) {
                throw new IllegalStateException("the subtask did not succeed");
            }
            return value;
        }
    }
}
