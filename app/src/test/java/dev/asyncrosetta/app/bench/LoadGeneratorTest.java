package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator against services made up for the test: no shop, no HTTP, exact timings. */
@Timeout(60)
class LoadGeneratorTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Ends every checkout after {@code delay}, counting how many are in flight; fails those the function says. */
    private final class FakeService implements CheckoutService {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Duration delay;
        final Function<CheckoutRequest, Optional<RuntimeException>> failure;

        FakeService(Duration delay, Function<CheckoutRequest, Optional<RuntimeException>> failure) {
            this.delay = delay;
            this.failure = failure;
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            CheckoutRequest.requireValid(request);
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Receipt> result = new CompletableFuture<>();
            timer.schedule(() -> {
                inFlight.decrementAndGet();
                failure.apply(request).ifPresentOrElse(result::completeExceptionally,
                        () -> result.complete(Receipt.nothingToPay(request.requestId(), new User(request.userId(), "n", "e@x"))));
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
            return result;
        }

        @Override
        public void close() {}
    }

    @Test
    void closedLoopKeepsExactlyTheNumberAskedForInFlight() throws Exception {
        FakeService service = new FakeService(Duration.ofMillis(20), request -> Optional.empty());
        try (LoadGenerator load = new LoadGenerator(service, List.of("u-0001"), "test-run-", new LoadMode.ClosedLoop(50),
                Duration.ofMillis(200))) {
            load.start();
            Thread.sleep(400);
            load.beginWindow();
            Thread.sleep(500);
            LoadGenerator.Window window = load.endWindow();

            assertThat(service.peak.get()).isEqualTo(50);
            // 50 in flight, 20 ms each: at most 2,500/s, i.e. 1,250 in half a second.
            assertThat(window.succeeded()).isBetween(100L, 1_300L);
            assertThat(window.latenciesMicros().getValueAtPercentile(50)).isGreaterThanOrEqualTo(20_000);
            assertThat(window.failed()).isZero();
            load.stopStarting();
            assertThat(load.awaitDrained(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void closedLoopRampsUpOverTheGivenTime() throws Exception {
        FakeService service = new FakeService(Duration.ofSeconds(10), request -> Optional.empty());
        try (LoadGenerator load = new LoadGenerator(service, List.of("u-0001"), "test-run-", new LoadMode.ClosedLoop(100),
                Duration.ofSeconds(2))) {
            load.start();
            Thread.sleep(500);
            int early = load.inFlight();
            Thread.sleep(2_000);

            assertThat(early).isBetween(5, 60);
            assertThat(load.inFlight()).isEqualTo(100);
        }
    }

    @Test
    void failuresAreCountedByKindAndNotAsLatencies() throws Exception {
        FakeService service = new FakeService(Duration.ofMillis(5), request -> request.requestId().endsWith("0")
                ? Optional.of(new DeadlineExceededException(Duration.ofSeconds(1))) : Optional.empty());
        try (LoadGenerator load = new LoadGenerator(service, List.of("u-0001"), "test-run-", new LoadMode.ClosedLoop(10),
                Duration.ZERO)) {
            load.start();
            load.beginWindow();
            Thread.sleep(500);
            LoadGenerator.Window window = load.endWindow();

            assertThat(window.failures()).containsOnlyKeys("DeadlineExceededException");
            // Every tenth request fails: about one in ten of what ended.
            double share = window.failed() / (double) (window.failed() + window.succeeded());
            assertThat(share).isBetween(0.05, 0.15);
        }
    }

    /**
     * Open loop: a service that holds up the caller (here, 300 ms inside one checkout() call) delays
     * the checkouts due meanwhile, and their latencies must show it, counted from when each was due:
     * the coordinated omission a closed loop would hide.
     */
    @Test
    void openLoopCountsLatencyFromWhenEachCheckoutWasDue() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FakeService fast = new FakeService(Duration.ofMillis(1), request -> Optional.empty());
        CheckoutService stallsOnce = new CheckoutService() {
            @Override
            public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
                if (calls.incrementAndGet() == 200) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return fast.checkout(request);
            }

            @Override
            public void close() {}
        };
        try (LoadGenerator load = new LoadGenerator(stallsOnce, List.of("u-0001"), "test-run-",
                new LoadMode.OpenLoop(1_000, 10_000), Duration.ZERO)) {
            load.beginWindow();
            load.start();
            Thread.sleep(1_000);
            LoadGenerator.Window window = load.endWindow();

            // About 300 checkouts were due during the stall; they started late, and it shows.
            assertThat(window.latenciesMicros().getMaxValue()).isGreaterThanOrEqualTo(250_000);
            assertThat(window.latenciesMicros().getValueAtPercentile(90)).isGreaterThanOrEqualTo(20_000);
            assertThat(window.latenciesMicros().getValueAtPercentile(50)).isLessThan(250_000);
        }
    }
}
