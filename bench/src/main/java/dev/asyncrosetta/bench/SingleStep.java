package dev.asyncrosetta.bench;

import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.subjects.SingleSubject;
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
 * RxJava 3: map onto a Single, the result consumed by subscribe; the pending value is a {@code SingleSubject}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SingleStep {
    private int input = 41;

    @Benchmark
    public Object completed(Blackhole sink) {
        return Single.just(input).map(v -> v + 1).subscribe(sink::consume);
    }

    @Benchmark
    public Object pending(Blackhole sink) {
        SingleSubject<Integer> source = SingleSubject.create();
        Disposable step = source.map(v -> v + 1).subscribe(sink::consume);
        source.onSuccess(input);
        return step;
    }
}
