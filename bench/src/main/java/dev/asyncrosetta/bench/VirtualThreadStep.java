package dev.asyncrosetta.bench;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The virtual-threads style has no stage to compose: a step is a plain call when its value is
 * there ({@code completed}), and when it is not, the code blocks until another thread has it. The
 * {@code pending} case is the hand-off that style uses for its fan-out: start a virtual thread for
 * the step and wait for it, i.e. creating the thread, scheduling it on a carrier and waking the
 * waiter. (The waiter here is JMH's platform thread; a virtual thread waiting would unmount instead
 * of parking its OS thread.)
 *
 * <p>This module compiles for Java 17, where {@code Thread.ofVirtual()} does not exist: the factory
 * is looked up by reflection once, in the setup, and the benchmark itself calls only
 * {@link ThreadFactory}. On a JDK older than 21 the setup fails with a message, and JMH goes on with
 * the other benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VirtualThreadStep {
    private int input = 41;
    private ThreadFactory virtualThreads;
    private int result;

    @Setup(Level.Trial)
    public void lookUpVirtualThreads() throws ReflectiveOperationException {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            virtualThreads = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("virtual threads need JDK 21 or newer; this is "
                    + System.getProperty("java.version"), e);
        }
    }

    @Benchmark
    public int completed() {
        return plusOne(input);
    }

    @Benchmark
    public int pending() throws InterruptedException {
        Thread step = virtualThreads.newThread(() -> result = plusOne(input));
        step.start();
        step.join(); // happens-before: the thread's write to result is visible after join
        return result;
    }

    private static int plusOne(int value) {
        return value + 1;
    }
}
