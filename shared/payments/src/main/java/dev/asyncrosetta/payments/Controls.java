package dev.asyncrosetta.payments;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What callers on any thread ask of the service, as flags the poll thread reads. Asking only sets a
 * flag, so every control returns at once (a Vert.x event loop may be the caller); the poll thread
 * acts on it before its next poll and before each record.
 */
final class Controls {
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean crashArmed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);

    void pause() {
        paused.set(true);
    }

    void resume() {
        paused.set(false);
    }

    boolean paused() {
        return paused.get();
    }

    void armCrash() {
        crashArmed.set(true);
    }

    /** True once per {@link #armCrash()}: the caller is the one that crashes. */
    boolean takeCrash() {
        return crashArmed.compareAndSet(true, false);
    }

    void requestStop() {
        stop.countDown();
    }

    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code duration}; true when a stop was asked for meanwhile (or the thread was interrupted). */
    boolean awaitStop(Duration duration) {
        try {
            return stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
