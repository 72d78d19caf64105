package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.Receipt;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Promise;

/**
 * One checkout's outcome, decided once, and everything it has running: HTTP exchanges, backoff
 * timers, the deadline. Once the outcome is decided, whoever decided it, the rest is aborted, no new
 * call starts, and late reports are dropped.
 *
 * <p>It is also where callbacks enter the workflow from foreign threads (Jetty's, the timer's), so it
 * is where an exception thrown by a step is caught: Jetty would log it and go on, and the checkout
 * would wait forever for a callback that died with it.
 */
final class InFlight {
    private final ScheduledExecutorService timer;
    private final Set<Abortable> running = ConcurrentHashMap.newKeySet();
    private final Once<Receipt> outcome;

    InFlight(ScheduledExecutorService timer, Promise<Receipt> done) {
        this.timer = timer;
        this.outcome = new Once<>(Promise.from(
                receipt -> {
                    try {
                        abortRunning();
                    } finally {
                        done.succeeded(receipt);
                    }
                },
                failure -> {
                    try {
                        abortRunning();
                    } finally {
                        done.failed(failure);
                    }
                }));
    }

    /** The checkout's outcome: the first report wins, and aborts whatever is still running. */
    Promise<Receipt> outcome() {
        return outcome;
    }

    // side-by-side: begin cancellation
    /** The caller gave up, or closed the service: decides the outcome as cancelled, which aborts everything in flight. */
    void cancel(String why) {
        outcome.failed(new CancellationException(why));
    }
    // side-by-side: end cancellation

    /** Runs a piece of the workflow; whatever it throws fails the checkout instead of getting lost. */
    void guarded(Runnable step) {
        try {
            step.run();
        } catch (Throwable thrown) {
            outcome.failed(thrown);
        }
    }

    // side-by-side: begin cancellation
    /**
     * Starts one asynchronous operation, unless the outcome is already decided. Its callback runs at
     * most once, only while the outcome is still open, and guarded.
     */
    <T> void start(Function<Promise<T>, Abortable> operation, Promise<T> then) {
        if (outcome.isDone()) {
            return;
        }
        Running<T> started = new Running<>(then);
        running.add(started);
        started.operation = operation.apply(started); // may call back before it returns
        if (outcome.isDone()) {
            started.abort(); // decided meanwhile, perhaps before abortRunning() could see the operation
        }
    }
    // side-by-side: end cancellation

    // side-by-side: begin retries
    /** Runs the task after the delay on the timer, unless the outcome is decided by then. */
    void after(Duration delay, Runnable task) {
        this.<Void>start(
                elapsed -> {
                    ScheduledFuture<?> tick = timer.schedule(() -> elapsed.succeeded(null), delay.toNanos(), TimeUnit.NANOSECONDS);
                    return () -> tick.cancel(false);
                },
                Promise.from(ignored -> task.run(), outcome::failed));
    }
    // side-by-side: end retries

    /** Runs the action once the outcome is decided, or now if it already is; in a race, twice, so keep it idempotent. */
    void whenDecided(Runnable action) {
        running.add(action::run);
        if (outcome.isDone()) {
            action.run(); // decided meanwhile, perhaps before abortRunning() could see the action
        }
    }

    // side-by-side: begin deadline
    /**
     * Decides the checkout after the delay unless it is decided by then: with the receipt
     * {@code answer} holds at that moment (a payment the broker acknowledged, pending), else with the failure.
     */
    void decideAfter(Duration delay, AtomicReference<Receipt> answer, Supplier<? extends Throwable> failure) {
        ScheduledFuture<?> tick = timer.schedule(() -> {
            Receipt pending = answer.get();
            if (pending != null) {
                outcome.succeeded(pending);
            } else {
                outcome.failed(failure.get());
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
        running.add(() -> tick.cancel(false));
        if (outcome.isDone()) {
            tick.cancel(false);
        }
    }
    // side-by-side: end deadline

    // side-by-side: begin cancellation
    private void abortRunning() {
        running.forEach(Abortable::abort);
        running.clear();
    }
    // side-by-side: end cancellation

    /** One operation in flight: reports once, is forgotten when it does, and is ignored once the outcome is decided. */
    private final class Running<T> implements Promise<T>, Abortable {
        private final Once<T> then;
        private volatile Abortable operation;

        Running(Promise<T> then) {
            this.then = new Once<>(then);
        }

        @Override
        public void succeeded(T value) {
            running.remove(this);
            if (!outcome.isDone()) {
                guarded(() -> then.succeeded(value));
            }
        }

        @Override
        public void failed(Throwable failure) {
            running.remove(this);
            if (!outcome.isDone()) {
                guarded(() -> then.failed(failure));
            }
        }

        @Override
        public void abort() {
            Abortable current = operation;
            if (current != null) {
                current.abort();
            }
        }
    }
}
