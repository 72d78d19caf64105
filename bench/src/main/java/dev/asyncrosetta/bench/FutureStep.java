package dev.asyncrosetta.bench;

import java.util.concurrent.CompletableFuture;
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
 * CompletableFuture: thenApply onto the stage, the result consumed by thenAccept.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FutureStep {
    private int input = 41;

    @Benchmark
    public Object completed(Blackhole sink) {
        return CompletableFuture.completedFuture(input).thenApply(v -> v + 1).thenAccept(sink::consume);
    }

    @Benchmark
    public Object pending(Blackhole sink) {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Void> step = source.thenApply(v -> v + 1).thenAccept(sink::consume);
        source.complete(input);
        return step;
    }
}
