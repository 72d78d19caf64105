package dev.asyncrosetta.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * Vert.x 5: map onto a Future, the result consumed by onSuccess; the pending value is a {@code Promise}. No
 * Vert.x instance: the callbacks run on the thread that completes the promise, as they do on an event loop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class VertxFutureStep {
    private int input = 41;

    @Benchmark
    public Object completed(Blackhole sink) {
        return Future.succeededFuture(input).map(v -> v + 1).onSuccess(sink::consume);
    }

    @Benchmark
    public Object pending(Blackhole sink) {
        Promise<Integer> source = Promise.promise();
        Future<Integer> step = source.future().map(v -> v + 1).onSuccess(sink::consume);
        source.complete(input);
        return step;
    }
}
