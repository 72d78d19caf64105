package dev.asyncrosetta.app.outage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the JVM's thread count and heap in use several times a second, on a thread of its own, while a
 * run lasts; each second of the run then shows the peak of its samples, which a single reading at the
 * second's end would miss between two collections.
 */
final class JvmSampler implements AutoCloseable {
    private static final long PERIOD_MILLIS = 200;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Queue<JvmSample> samples = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "outage-jvm-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private JvmSampler() {}

    static JvmSampler start() {
        JvmSampler sampler = new JvmSampler();
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        samples.add(new JvmSample(System.nanoTime(), threads.getThreadCount(), memory.getHeapMemoryUsage().getUsed()));
    }

    /** Every sample so far, oldest first. */
    List<JvmSample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
