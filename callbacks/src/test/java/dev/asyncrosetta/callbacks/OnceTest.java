package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The complete-exactly-once guard: what a checkout's racing reporters (steps, deadline, cancel) rely on. */
class OnceTest {
    private final List<Object> reports = new CopyOnWriteArrayList<>();
    private final Once<String> once = new Once<>(Promise.from(reports::add, reports::add));

    @Test
    void onlyTheFirstReportGoesThrough() {
        IllegalStateException late = new IllegalStateException("late");

        once.succeeded("first");
        once.failed(late);
        once.succeeded("second");

        assertThat(reports).containsExactly("first");
        assertThat(once.isDone()).isTrue();
    }

    @RepeatedTest(20)
    void reportersRacingFromManyThreadsGetExactlyOneThrough() throws InterruptedException {
        int reporters = 8;
        ExecutorService threads = Executors.newFixedThreadPool(reporters);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < reporters; i++) {
                int reporter = i;
                threads.execute(() -> {
                    await(go);
                    if (reporter % 2 == 0) {
                        once.succeeded("reporter " + reporter);
                    } else {
                        once.failed(new IllegalStateException("reporter " + reporter));
                    }
                });
            }
            go.countDown();
        } finally {
            threads.shutdown();
            assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(reports).hasSize(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
