package dev.asyncrosetta.bench;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
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
 * Reactor: map onto a Mono, the result consumed by subscribe; the pending value is a {@code Sinks.One}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MonoStep {
    private int input = 41;

    @Benchmark
    public Object completed(Blackhole sink) {
        return Mono.just(input).map(v -> v + 1).subscribe(sink::consume);
    }

    @Benchmark
    public Object pending(Blackhole sink) {
        Sinks.One<Integer> source = Sinks.one();
        Disposable step = source.asMono().map(v -> v + 1).subscribe(sink::consume);
        source.tryEmitValue(input);
        return step;
    }
}
