package dev.asyncrosetta.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.contract.BlockingCalls;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RxJava3BlockHoundIntegration} at work, through the same BlockHound installation the
 * contract's C17 uses (recording, not throwing): blocking on RxJava 3's non-blocking schedulers is
 * seen, blocking where RxJava allows it is not, and the schedulers' own bookkeeping is not either.
 */
class RxJava3BlockHoundIntegrationTest {

    @BeforeEach
    void installBlockHound() {
        BlockingCalls.watch(thread -> false); // no threads of our own: only what the integration marks
    }

    @Test
    void seesASleepOnTheComputationScheduler() {
        sleepOn(Schedulers.computation());

        assertThat(BlockingCalls.seen()).anySatisfy(call -> assertThat(call).startsWith("RxComputationThreadPool").contains("sleep"));
    }

    @Test
    void seesASleepOnTheSingleScheduler() {
        sleepOn(Schedulers.single());

        assertThat(BlockingCalls.seen()).anySatisfy(call -> assertThat(call).startsWith("RxSingleScheduler").contains("sleep"));
    }

    @Test
    void letsTheIoSchedulerBlock() {
        sleepOn(Schedulers.io());

        assertThat(BlockingCalls.seen()).isEmpty();
    }

    /** Timers scheduled and cancelled in bulk from a computation thread, which then idles: no report. */
    @Test
    void allowsTheSchedulersOwnBookkeeping() {
        Completable.fromAction(() -> {
            List<Disposable> timers = IntStream.range(0, 1_000)
                    .mapToObj(i -> Schedulers.computation().scheduleDirect(() -> {}, 1, TimeUnit.MINUTES))
                    .toList();
            timers.forEach(Disposable::dispose);
        }).subscribeOn(Schedulers.computation()).blockingAwait(10, TimeUnit.SECONDS);
        Completable.timer(50, TimeUnit.MILLISECONDS, Schedulers.computation()).blockingAwait(10, TimeUnit.SECONDS);

        assertThat(BlockingCalls.seen()).isEmpty();
    }

    private static void sleepOn(Scheduler scheduler) {
        Completable.fromAction(() -> Thread.sleep(10)).subscribeOn(scheduler).blockingAwait(10, TimeUnit.SECONDS);
    }
}
