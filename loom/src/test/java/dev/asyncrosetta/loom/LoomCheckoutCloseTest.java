package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
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
            CheckoutService service = new LoomCheckout(shop.baseUri(), policy, new Threads(requestThreads, fanOut, Executors.newFixedThreadPool(2), httpThreads, deadlines));
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

    /**
     * close() returns once what it stopped has ended, not merely been told to: a caller that
     * closes and then exits, or checks for leaks, finds nothing still winding down.
     */
    @Test
    void closeReturnsOnceEveryPoolItStoppedHasTerminated() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(60));
        User user = shop.data().userWithOpenOrders(3, 6);
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest("in-flight-at-close"));
        Threads threads = new Threads(Executors.newFixedThreadPool(2, StyleThreads.named("terminated-test-request-")),
                Executors.newFixedThreadPool(4, StyleThreads.named("terminated-test-fan-out-")),
                Executors.newFixedThreadPool(2, StyleThreads.named("terminated-test-payment-")),
                Executors.newFixedThreadPool(2, StyleThreads.named("terminated-test-http-")),
                new ScheduledThreadPoolExecutor(1, StyleThreads.named("terminated-test-deadlines-")));
        try {
            CheckoutService service = new LoomCheckout(shop.baseUri(), policy, threads);
            service.checkout(new CheckoutRequest(user.id(), "in-flight-at-close"));
            Waits.until(Duration.ofSeconds(10), () -> shop.ledger().inFlight("in-flight-at-close") == 3,
                    () -> "calls: " + shop.ledger().calls("in-flight-at-close"));

            service.close();

            assertThat(threads.checkouts().isTerminated()).as("the request pool, when close() returned").isTrue();
            assertThat(threads.fanOut().isTerminated()).as("the fan-out pool, when close() returned").isTrue();
            assertThat(threads.httpClient().isTerminated()).as("the client's executor, when close() returned").isTrue();
            assertThat(threads.deadlines().isTerminated()).as("the deadline timer, when close() returned").isTrue();
        } finally {
            threads.checkouts().shutdownNow();
            threads.fanOut().shutdownNow();
            threads.httpClient().shutdownNow();
            threads.deadlines().shutdownNow();
            shop.reset();
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
