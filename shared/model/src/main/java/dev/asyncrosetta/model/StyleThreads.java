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
