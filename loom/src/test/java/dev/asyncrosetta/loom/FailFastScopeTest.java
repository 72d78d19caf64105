package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fan-out helper on its own: order, limit, fail-fast, and that nothing outlives the scope. */
class FailFastScopeTest {
    private final ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void shutDown() {
        virtualThreads.shutdownNow();
    }

    @Test
    void resultsComeInForkOrderWhateverOrderTheyFinishIn() throws InterruptedException {
        try (var scope = new FailFastScope<Integer>(virtualThreads, 8)) {
            List<Supplier<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int value = i;
                results.add(scope.fork(() -> {
                    Thread.sleep(Duration.ofMillis((8 - value) * 10L)); // the last forked finishes first
                    return value;
                }));
            }
            scope.join();

            assertThat(results).map(Supplier::get).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }
    }

    @Test
    void neverRunsMoreThanTheLimitAtOnce() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (var scope = new FailFastScope<Void>(virtualThreads, 3)) {
            for (int i = 0; i < 12; i++) {
                scope.fork(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(Duration.ofMillis(20));
                    running.decrementAndGet();
                    return null;
                });
            }
            scope.join();
        }
        assertThat(peak).hasValue(3);
    }

    @Test
    void theFirstFailureIsThrownAsItIsAndInterruptsTheOthers() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch siblingsWaiting = new CountDownLatch(3);
        AtomicInteger siblingsInterrupted = new AtomicInteger();
        long start = System.nanoTime();
        try (var scope = new FailFastScope<Void>(virtualThreads, 4)) {
            for (int i = 0; i < 3; i++) {
                scope.fork(() -> {
                    siblingsWaiting.countDown();
                    try {
                        Thread.sleep(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        siblingsInterrupted.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            scope.fork(() -> {
                siblingsWaiting.await();
                throw boom;
            });

            assertThatThrownBy(scope::join).isSameAs(boom);
        }
        // Closed: every sibling has ended, interrupted rather than after its 30 s sleep.
        assertThat(siblingsInterrupted).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void startsNothingOnceASubtaskHasFailed() throws InterruptedException {
        AtomicInteger started = new AtomicInteger();
        // Counted as handed over, not only as started: a subtask handed over after the failure would most
        // often be dropped by close() before its thread ran it, and then start nothing either.
        AtomicInteger handedOver = new AtomicInteger();
        Executor counting = task -> {
            handedOver.incrementAndGet();
            virtualThreads.execute(task);
        };
        try (var scope = new FailFastScope<Void>(counting, 1)) {
            scope.fork(() -> {
                throw new IllegalStateException("first");
            });
            Supplier<Void> notStarted = scope.fork(() -> {
                started.incrementAndGet(); // the limit of 1 makes this fork wait for the first to end: it failed
                return null;
            });

            assertThatThrownBy(scope::join).hasMessage("first");
            assertThatThrownBy(notStarted::get).isInstanceOf(IllegalStateException.class);
        }
        assertThat(handedOver).as("subtasks handed to the executor").hasValue(1);
        assertThat(started).hasValue(0);
    }

    @Test
    void anOwnerAlreadyInterruptedForksNothing() {
        AtomicInteger started = new AtomicInteger();
        try (var scope = new FailFastScope<Void>(virtualThreads, 4)) {
            Thread.currentThread().interrupt(); // cancelled between two steps, before reaching a blocking call

            assertThatThrownBy(() -> scope.fork(() -> {
                started.incrementAndGet();
                return null;
            })).isInstanceOf(InterruptedException.class);
        }
        assertThat(started).hasValue(0);
    }

    @Test
    void closeWaitsForInterruptedSubtasksToEnd() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        try (var scope = new FailFastScope<Void>(virtualThreads, 1)) {
            scope.fork(slowToStop(running, ended));
            running.await();
            Thread.currentThread().interrupt(); // as the deadline or the caller's cancel would

            assertThatThrownBy(scope::join).isInstanceOf(InterruptedException.class);
        }
        assertThat(ended).as("ended before close returned").hasValue(1);
    }

    /** Counting what has ended: one subtask succeeded and one failed must not hide the one still stopping. */
    @Test
    void closeWaitsForASlowSiblingAfterOneSucceededAndOneFailed() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch succeeded = new CountDownLatch(1);
        AtomicInteger ended = new AtomicInteger();
        try (var scope = new FailFastScope<Void>(virtualThreads, 3)) {
            scope.fork(() -> {
                succeeded.countDown();
                return null;
            });
            scope.fork(slowToStop(running, ended));
            scope.fork(() -> {
                succeeded.await();
                running.await();
                Thread.sleep(Duration.ofMillis(20)); // the first has left ended() too, not just counted down
                throw new IllegalStateException("fails");
            });

            assertThatThrownBy(scope::join).hasMessage("fails");
        }
        assertThat(ended).as("the slow sibling ended before close returned").hasValue(1);
    }

    @Test
    @Timeout(10) // a refused subtask left counted as running would make join() wait forever
    void aSubtaskTheExecutorRefusesFailsTheScope() {
        try (var scope = new FailFastScope<Void>(task -> {
            throw new RejectedExecutionException("closed");
        }, 2)) {
            assertThatCode(() -> scope.fork(() -> null)).doesNotThrowAnyException();

            assertThatThrownBy(scope::join).isInstanceOf(RejectedExecutionException.class);
        }
    }

    @Test
    void refusesALimitThatWouldStartNothing() {
        assertThatThrownBy(() -> new FailFastScope<Void>(virtualThreads, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new FailFastScope<Void>(virtualThreads, 1).close()).doesNotThrowAnyException();
    }

    /** Sleeps until interrupted, then takes 200 ms more to stop: close() must wait for that too. */
    private static FailFastScope.Task<Void> slowToStop(CountDownLatch running, AtomicInteger ended) {
        return () -> {
            running.countDown();
            try {
                Thread.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException interrupted) {
                Thread.sleep(Duration.ofMillis(200)); // the interrupt was consumed by the catch: this sleep runs
                ended.incrementAndGet();
                throw interrupted;
            }
            return null;
        };
    }

    @Test
    void closeKeepsTheOwnersInterruptStatus() throws InterruptedException {
        try (var scope = new FailFastScope<Void>(virtualThreads, 1)) {
            scope.fork(() -> {
                Thread.sleep(Duration.ofSeconds(30));
                return null;
            });
            Thread.currentThread().interrupt();
        }
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void subtasksStillQueuedForAPoolThreadAreDroppedNotWaitedFor() throws InterruptedException {
        ExecutorService oneThread = Executors.newFixedThreadPool(1);
        CountDownLatch occupied = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try {
            long start = System.nanoTime();
            try (var scope = new FailFastScope<Void>(oneThread, 4)) {
                for (int i = 0; i < 4; i++) {
                    scope.fork(() -> {
                        started.incrementAndGet();
                        occupied.countDown();
                        Thread.sleep(Duration.ofSeconds(30));
                        return null;
                    });
                }
                occupied.await();
                Thread.currentThread().interrupt();
                assertThatThrownBy(scope::join).isInstanceOf(InterruptedException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            oneThread.shutdown();
            assertThat(oneThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(started).as("only the subtask that got the pool's thread ran").hasValue(1);
        } finally {
            oneThread.shutdownNow();
        }
    }

    @Test
    void subtasksDroppedAfterAFailedJoinFindTheScopeUnlockedWhenAThreadReachesThem() throws InterruptedException {
        // join() takes the scope's lock; a subtask still queued for a pool thread when its sibling failed takes
        // the same lock once the thread reaches it, after the owner has moved on: a lock join() kept would hold
        // that pool thread for ever.
        ExecutorService oneThread = Executors.newFixedThreadPool(1);
        CountDownLatch failNow = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try {
            try (var scope = new FailFastScope<Void>(oneThread, 4)) {
                scope.fork(() -> {
                    started.incrementAndGet();
                    failNow.await();
                    throw new IllegalStateException("fails");
                });
                for (int i = 0; i < 3; i++) {
                    scope.fork(() -> {
                        started.incrementAndGet();
                        return null;
                    });
                }
                failNow.countDown();
                assertThatThrownBy(scope::join).hasMessage("fails");
            }
            oneThread.shutdown();
            assertThat(oneThread.awaitTermination(10, TimeUnit.SECONDS)).as("the pool's thread passed the dropped subtasks and ended").isTrue();
            assertThat(started).as("only the failing subtask ran").hasValue(1);
        } finally {
            oneThread.shutdownNow();
        }
    }
}
