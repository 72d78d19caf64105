package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.contract.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Closing the loop, from outside and from its own thread, where every checkout's future completes
 * and so where a caller's "done, close" naturally runs.
 */
class ServiceLoopTest {
    private final List<String> happened = new CopyOnWriteArrayList<>();

    @Test
    void closedFromOutsideItRunsWhatWasQueuedThenReleasesThenEnds() throws Exception {
        ServiceLoop loop = new ServiceLoop();
        Thread loopThread = CompletableFuture.supplyAsync(Thread::currentThread, loop.executor()).get(5, SECONDS);
        loop.executor().execute(() -> happened.add("queued before the close"));

        loop.close(() -> happened.add("released"));

        assertThat(happened).containsExactly("queued before the close", "released");
        loopThread.join(5_000); // the pool counts as terminated a moment before its last thread has exited
        assertThat(loopThread.isAlive()).as("the loop's thread, after close()").isFalse();
    }

    @Test
    void closedFromItsOwnThreadItReturnsAtOnceAndStillReleasesEverything() throws Exception {
        ServiceLoop loop = new ServiceLoop();
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        CompletableFuture<Duration> closing = new CompletableFuture<>();

        loop.executor().execute(() -> {
            loopThread.complete(Thread.currentThread());
            loop.executor().execute(() -> happened.add("queued before the close"));
            long start = System.nanoTime();
            loop.close(() -> happened.add("released"));
            closing.complete(Duration.ofNanos(System.nanoTime() - start));
            happened.add("close() returned");
        });

        assertThat(closing.get(10, SECONDS)).as("close() on the loop's own thread").isLessThan(Duration.ofMillis(500));
        Waits.until(Duration.ofSeconds(10), () -> happened.contains("released") && !loopThread.join().isAlive()
                        && !closerAlive(),
                () -> "happened: " + happened + ", loop alive: " + loopThread.join().isAlive() + ", closer alive: " + closerAlive());
        assertThat(happened).containsExactly("close() returned", "queued before the close", "released");
    }

    private static boolean closerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals("closing-rxjava-loop"));
    }
}
