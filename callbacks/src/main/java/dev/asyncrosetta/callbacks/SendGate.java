package dev.asyncrosetta.callbacks;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets {@code close()} stop Jetty only once no other thread is inside a send. Jetty 12.1's
 * HttpClient leaks the connection of a send that is opening it as {@code stop()} runs: the connect
 * is queued to a selector that no longer runs, and the socket stays open with no thread left to
 * close it (C24 found it, checkouts starting on their callers' threads while another thread
 * closed). Jetty has no hook for "wait for the sends in progress", so this counts them by hand.
 *
 * <p>A send that comes after {@link #close()} began is refused before it reaches Jetty. The sends
 * of the thread calling {@code close()} are not waited for: a checkout's callback may close the
 * service from inside a send that failed at once, and must not wait for itself.
 */
final class SendGate {
    private final AtomicInteger inside = new AtomicInteger();
    private final ThreadLocal<Integer> insideOnThisThread = ThreadLocal.withInitial(() -> 0);
    private volatile boolean closed;

    /** Runs the send unless the gate is closed; returns false, running nothing, if it is. */
    boolean send(Runnable send) {
        inside.incrementAndGet();
        insideOnThisThread.set(insideOnThisThread.get() + 1);
        try {
            if (closed) {
                return false;
            }
            send.run();
            return true;
        } finally {
            insideOnThisThread.set(insideOnThisThread.get() - 1);
            inside.decrementAndGet();
        }
    }

    /**
     * Refuses every send from now on, then waits for the sends other threads have inside Jetty to
     * return. A send never blocks (C17), so the wait is as short as the longest send in progress.
     */
    void close() {
        closed = true;
        // Volatile write, then volatile reads: a send either saw closed, or is counted here.
        while (inside.get() > insideOnThisThread.get()) {
            Thread.onSpinWait();
        }
    }
}
