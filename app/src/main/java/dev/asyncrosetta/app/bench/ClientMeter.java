package dev.asyncrosetta.app.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this JVM (the client: the style under test and the load generator) spends: CPU time, bytes
 * allocated, platform threads, garbage collection, live heap.
 *
 * <p>Bytes allocated come from {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}
 * (JDK 21+): every thread's allocations since the JVM started, threads that have ended included, and
 * virtual threads' allocations too (they allocate in their carrier's TLAB, counted for the carrier).
 * The older way, summing {@code getThreadAllocatedBytes} over the threads alive at the time, misses
 * every thread that ended between two readings, e.g. a pool's short-lived workers; it is what we use
 * on JDK 17, where the total does not exist, and the result says so.
 */
final class ClientMeter {
    /** The JDK 21+ total, looked up at run time because the app compiles for 17. */
    private static final MethodHandle TOTAL_ALLOCATED = totalAllocated();

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    /**
     * The collectors that stop the application. G1 (JDK 21+) also has a bean for its concurrent
     * cycles, whose time runs beside the application: counted with the pauses, it would read as
     * seconds of stopped world that never were.
     */
    private final List<GarbageCollectorMXBean> pausingCollectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .filter(collector -> !collector.getName().contains("Concurrent") && !collector.getName().contains("Cycles"))
            .toList();

    /** How many full collections a reading of the live heap makes: see {@link #liveHeapBytes()}. */
    private final int collectionsPerReading;

    /**
     * @param quick one collection per reading of the live heap instead of two: a quick run reads it
     *     three times in each of some fifty runs, and the second collection would cost it ten seconds
     *     of its minute, for figures it does not claim to be the workloads' anyway
     */
    ClientMeter(boolean quick) {
        this.collectionsPerReading = quick ? 1 : 2;
        if (threads.isThreadAllocatedMemorySupported() && !threads.isThreadAllocatedMemoryEnabled()) {
            threads.setThreadAllocatedMemoryEnabled(true);
        }
    }

    /** The counters at one moment; differences between two make a run's figures. */
    record Reading(long nanos, long cpuNanos, long allocatedBytes, long gcPauses, long gcPauseMillis) {
        Reading minus(Reading earlier) {
            return new Reading(nanos - earlier.nanos, cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes,
                    gcPauses - earlier.gcPauses, gcPauseMillis - earlier.gcPauseMillis);
        }
    }

    Reading read() {
        long pauses = 0;
        long pauseMillis = 0;
        for (GarbageCollectorMXBean collector : pausingCollectors) {
            pauses += Math.max(0, collector.getCollectionCount());
            pauseMillis += Math.max(0, collector.getCollectionTime());
        }
        return new Reading(System.nanoTime(), os.getProcessCpuTime(), allocatedBytes(), pauses, pauseMillis);
    }

    /**
     * CPU time of the live platform threads, by group: a thread's name without its number
     * ("futures-worker-2" counts for "futures-worker"). Virtual threads run on carrier threads and
     * count for them. What the process spent beyond the sum is the JVM's own: its GC and JIT
     * compiler threads, which ThreadMXBean does not list, and threads that ended in between.
     */
    Map<String, Long> cpuByThreadGroup() {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        Map<String, Long> byGroup = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null || cpu[i] < 0) continue; // ended meanwhile, or not measurable
            byGroup.merge(group(infos[i].getThreadName()), cpu[i], Long::sum);
        }
        return byGroup;
    }

    static String group(String threadName) {
        String group = threadName.replaceAll("[-#_ ]?\\d+$", "");
        return group.isEmpty() ? threadName : group;
    }

    /** Time the JIT compilers have spent so far, in milliseconds; -1 if the JVM does not say. */
    long compilationMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }

    /** Says which of the two ways counts the bytes allocated. */
    String allocationSource() {
        return TOTAL_ALLOCATED != null ? "total of all threads" : "live threads only (JDK 17)";
    }

    private long allocatedBytes() {
        if (TOTAL_ALLOCATED != null) {
            try {
                return (long) TOTAL_ALLOCATED.invokeExact((com.sun.management.ThreadMXBean) threads);
            } catch (Throwable e) {
                throw new IllegalStateException("reading the allocated bytes failed", e);
            }
        }
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    int liveThreads() {
        return threads.getThreadCount();
    }

    /**
     * The live platform threads once their number has stopped falling: the threads of the style
     * closed before may take a moment to end, and would count as the next style's.
     */
    int settledThreads() {
        long until = System.nanoTime() + 5_000_000_000L;
        int count = liveThreads();
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int now = liveThreads();
            if (now >= count) return now;
            count = now;
        }
        return count;
    }

    /** From now on {@link #peakThreads()} counts from the threads alive now. */
    void resetPeakThreads() {
        threads.resetPeakThreadCount();
    }

    /** Platform threads only: virtual threads are not counted, which is the point of them. */
    int peakThreads() {
        return threads.getPeakThreadCount();
    }

    /**
     * The live heap: what is left after a full collection. Called outside the measured window only,
     * since it stops the world.
     */
    long liveHeapBytes() {
        // Twice in a full run: what the first collection finds unreachable may be kept for a cleaner or
        // a reference queue until the second.
        for (int i = 0; i < collectionsPerReading; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * The whole machine's CPU use since the previous call, 0..1: this JVM, the shop, and anything else
     * running (on a shared machine, other people's work); NaN when the system cannot tell.
     */
    double machineCpuLoad() {
        double load = os.getCpuLoad();
        return load < 0 ? Double.NaN : load;
    }

    private static MethodHandle totalAllocated() {
        try {
            return MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class,
                    "getTotalThreadAllocatedBytes", MethodType.methodType(long.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
