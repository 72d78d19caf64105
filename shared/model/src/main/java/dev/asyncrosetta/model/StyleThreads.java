package dev.asyncrosetta.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a style makes for itself: daemon platform threads named {@code prefix + n}, so a thread
 * dump (and the contract's C17 and C19) can tell whose they are, remembered while alive so a service
 * can tell whether it is running on one of its own (its {@code close()} must not wait for itself).
 * One helper for every style with its own pools; on JDK 21+ {@code Thread.ofPlatform().daemon()
 * .name(prefix, 1).factory()} names them the same way, but the project still builds on 17.
 */
public final class StyleThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> made = ConcurrentHashMap.newKeySet();

    private StyleThreads(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The system property that sets how many I/O threads (event loops, or the workers the client
     * completes on) every event-loop style makes, so that a benchmark can compare them on a level
     * field. Unset, each style keeps the default it documents.
     */
    public static final String IO_THREADS_PROPERTY = "rosetta.io-threads";

    /** The I/O threads a style makes: {@link #IO_THREADS_PROPERTY} when set to a positive number, else the style's default. */
    public static int ioThreads(int styleDefault) {
        Integer set = Integer.getInteger(IO_THREADS_PROPERTY);
        return set != null && set > 0 ? set : styleDefault;
    }

    public static StyleThreads named(String prefix) {
        return new StyleThreads(prefix);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } finally {
                made.remove(Thread.currentThread());
            }
        }, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        made.add(thread);
        return thread;
    }

    /** True when the calling thread is one this factory made and it is still running. */
    public boolean isCurrentThreadOurs() {
        return made.contains(Thread.currentThread());
    }
}
