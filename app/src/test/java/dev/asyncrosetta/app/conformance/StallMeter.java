package dev.asyncrosetta.app.conformance;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices when this JVM could not run a thread on time (jHiccup's idea): a thread asks to wake up
 * every millisecond and records how late it woke. On a 2-core machine shared with other builds,
 * stalls of a few hundred milliseconds happen; during one, timers fire late and fault-free calls
 * time out, so what the styles did then says nothing about them.
 */
final class StallMeter implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong worstNanos = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    StallMeter() {
        thread = new Thread(this::measure, "stall-meter");
        thread.setDaemon(true);
        thread.start();
    }

    private void measure() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
            worstNanos.accumulateAndGet(System.nanoTime() - before - TICK_NANOS, Math::max);
        }
    }

    void reset() {
        worstNanos.set(0);
    }

    /** The longest this JVM kept the meter waiting since the last reset. */
    long worstMillis() {
        return TimeUnit.NANOSECONDS.toMillis(worstNanos.get());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
