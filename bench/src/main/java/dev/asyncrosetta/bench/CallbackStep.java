package dev.asyncrosetta.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One step as a level of the callback pyramid: a callback that does its work and calls the next
 * one, which consumes the result. Each case returns its source, so that it escapes as a real one
 * does (see the package's note).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CallbackStep {
    private int input = 41;

    /** The value is known: the step's callback runs at once. */
    @Benchmark
    public Object completed(Blackhole sink) {
        Callback.Pending<Integer> source = new Callback.Pending<>();
        source.complete(input);
        source.whenDone(plusOne(sink));
        return source;
    }

    @Benchmark
    public Object pending(Blackhole sink) {
        Callback.Pending<Integer> source = new Callback.Pending<>();
        source.whenDone(plusOne(sink));
        source.complete(input);
        return source;
    }

    private static Callback<Integer> plusOne(Blackhole sink) {
        Callback<Integer> next = new Callback<>() {
            @Override
            public void success(Integer value) {
                sink.consume(value);
            }

            @Override
            public void failure(Throwable failure) {
                sink.consume(failure);
            }
        };
        return new Callback<>() {
            @Override
            public void success(Integer value) {
                next.success(value + 1);
            }

            @Override
            public void failure(Throwable failure) {
                next.failure(failure);
            }
        };
    }
}
