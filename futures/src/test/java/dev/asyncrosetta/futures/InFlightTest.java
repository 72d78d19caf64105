package dev.asyncrosetta.futures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a checkout has running never throws at the workflow: whatever goes wrong fails a future. */
class InFlightTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final InFlight inFlight = new InFlight(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void workThatThrowsFailsTheFutureWithWhatItThrew() {
        IllegalStateException bug = new IllegalStateException("a bug");
        AtomicReference<CompletableFuture<Object>> started = new AtomicReference<>();

        assertThatCode(() -> started.set(inFlight.start(() -> {
            throw bug;
        }))).doesNotThrowAnyException();

        assertThat(started.get()).isCompletedExceptionally();
        assertThat(failureOf(started.get())).isSameAs(bug);
    }

    /** The deadline and the backoffs are delays: one asked while close() shuts the timer must not throw. */
    @Test
    void aDelayOnATimerThatWasShutFailsInsteadOfThrowing() {
        timer.shutdown();
        AtomicReference<CompletableFuture<Void>> delay = new AtomicReference<>();

        assertThatCode(() -> delay.set(inFlight.delay(Duration.ofMillis(10)))).doesNotThrowAnyException();

        assertThat(delay.get()).isCompletedExceptionally();
        assertThat(failureOf(delay.get())).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void nothingStartsOnceAborted() {
        inFlight.abort();

        CompletableFuture<Object> started = inFlight.start(() -> {
            throw new AssertionError("started after the abort");
        });

        assertThat(started).isCancelled();
    }

    /**
     * An abort that runs while the work is starting (after start's first look, before the work is
     * kept) cannot see that work: start looks again once it keeps it, and cancels it itself. The work
     * aborting here stands in for a close() or deadline on another thread at that moment.
     */
    @Test
    void workStartedWhileTheAbortRanIsCancelledAllTheSame() {
        CompletableFuture<Object> work = new CompletableFuture<>();

        CompletableFuture<Object> started = inFlight.start(() -> {
            inFlight.abort();
            return work;
        });

        assertThat(started).isSameAs(work);
        assertThat(work).isCancelled();
    }

    /** The failure a future completed with, as a dependent stage sees it. */
    static Throwable failureOf(CompletableFuture<?> future) {
        return future.handle((value, failure) -> failure).join();
    }
}
