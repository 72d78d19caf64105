package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.LiveThreads;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.StyleThreads;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * close() when one of its threads will not stop: what the contract cannot stage, since the style's
 * own code always stops when interrupted. Code that swallows an interrupt is not rare, though.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoomCheckoutCloseTest {
    private ShopBackend shop;

    @BeforeAll
    void startShop() {
        shop = ShopBackend.start();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    @Test
    void closeReleasesTheClientAndTheTimerWhenAThreadOutlivesTheGracePeriod() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5)).withDeadline(Duration.ofSeconds(10));
        User user = shop.data().userWithOpenOrders(1, 6);
        Map<Long, String> before = LiveThreads.now();
        ExecutorService requestThreads = Executors.newFixedThreadPool(2, StyleThreads.named("close-test-request-"));
        ExecutorService fanOut = Executors.newFixedThreadPool(4, StyleThreads.named("close-test-fan-out-"));
        ExecutorService httpThreads = Executors.newFixedThreadPool(2, StyleThreads.named("close-test-http-"));
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, StyleThreads.named("close-test-deadlines-"));
        CountDownLatch stubbornRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        requestThreads.execute(() -> {
            stubbornRunning.countDown();
            awaitIgnoringInterrupts(release);
        });
        try {
            CheckoutService service = new LoomCheckout(shop.baseUri(), policy, new Threads(requestThreads, fanOut, httpThreads, deadlines));
            stubbornRunning.await();
            assertThat(service.checkout(new CheckoutRequest(user.id(), "before-the-close")).get(30, TimeUnit.SECONDS).payment())
                    .isPresent();
            assertThat(shop.openConnections()).as("the client's pooled connection").isPositive();

            long start = System.nanoTime();
            service.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);

            assertThat(closing).as("close() with a thread that ignores its interrupt")
                    .isLessThan(LoomCheckout.CLOSE_GRACE.plusSeconds(1));
            assertThat(httpThreads.awaitTermination(5, TimeUnit.SECONDS)).as("the client's executor stopped").isTrue();
            assertThat(deadlines.awaitTermination(5, TimeUnit.SECONDS)).as("the deadline timer stopped").isTrue();
            assertThat(fanOut.awaitTermination(5, TimeUnit.SECONDS)).as("the fan-out pool stopped").isTrue();
            Waits.until(Duration.ofSeconds(10), () -> shop.openConnections() == 0,
                    () -> "connections the client left open: " + shop.openConnections());
            Waits.until(Duration.ofSeconds(10),
                    () -> LiveThreads.startedSince(before).values().stream().noneMatch(name -> name.startsWith("HttpClient-")),
                    () -> "the client's threads still alive: " + LiveThreads.startedSince(before).values());
            assertThat(requestThreads.isTerminated()).as("the thread that ignores its interrupt, left behind").isFalse();
        } finally {
            release.countDown();
            requestThreads.shutdownNow();
        }
    }

    /** Code that swallows InterruptedException, the kind close() cannot stop. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException swallowed) {
                // keeps waiting
            }
        }
    }
}
