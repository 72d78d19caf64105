package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Outcomes;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
 * On a bounded request pool (the blocking style) a checkout may wait for a thread. Its deadline counts from the call to
 * checkout all the same: it fails on time without ever running, and a later one still succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingQueueDeadlineTest {
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
    void aCheckoutQueuedForAThreadFailsAtItsDeadlineWithoutRunning() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5)).withDeadline(Duration.ofMillis(800));
        User user = shop.data().userWithOpenOrders(1, 6);
        // The only request thread is held by the test, not by another checkout: a checkout holding it
        // would reach its own (earlier) deadline first and free the thread a few ms too soon.
        ExecutorService requestThread = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        requestThread.execute(() -> awaitQuietly(release));
        try (CheckoutService service = new LoomCheckout(shop.baseUri(), policy, new Threads(requestThread,
                Executors.newFixedThreadPool(4), Executors.newFixedThreadPool(2), Executors.newFixedThreadPool(2), new ScheduledThreadPoolExecutor(1)))) {
            long start = System.nanoTime();
            CompletableFuture<Receipt> queued = service.checkout(new CheckoutRequest(user.id(), "waits-for-a-thread"));

            Throwable failure = Outcomes.cause(queued);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(DeadlineExceededException.class);
            assertThat(elapsed).as("failed at about its deadline, counted from the call")
                    .isGreaterThanOrEqualTo(policy.deadline().minusMillis(20)).isLessThan(policy.deadline().plusMillis(1000));
            release.countDown();
            // A checkout behind it in the queue proves the thread has moved past the one that failed.
            assertThat(service.checkout(new CheckoutRequest(user.id(), "after-the-thread-is-free")).get(30, TimeUnit.SECONDS).payment())
                    .isPresent();
            assertThat(shop.ledger().calls("waits-for-a-thread")).as("the queued checkout never ran").isEmpty();
        } finally {
            release.countDown();
            shop.reset();
        }
    }

    @Test
    void aCheckoutQueuedWithTimeToSpareRunsOnceTheThreadIsFree() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5)).withDeadline(Duration.ofSeconds(10));
        User user = shop.data().userWithOpenOrders(1, 6);
        try (CheckoutService service = new BlockingStyle(1, 4, 4).open(shop.baseUri(), policy)) {
            shop.addFault(FaultRule.on(Route.DETAILS, Fault.delay(Duration.ofMillis(300))).forRequest("slow-first"));
            CompletableFuture<Receipt> first = service.checkout(new CheckoutRequest(user.id(), "slow-first"));
            CompletableFuture<Receipt> second = service.checkout(new CheckoutRequest(user.id(), "queued-second"));

            assertThat(second.get(30, TimeUnit.SECONDS).payment()).isPresent();
            // Not isCompleted(): the first's payment runs on the payment pool alongside the second's steps,
            // and a loaded machine may finish the second first (CI did once). The claim is the order on the
            // request thread, which the ledger's times below prove.
            assertThat(first.get(30, TimeUnit.SECONDS).payment()).isPresent();
            // The first leaves the only request thread when it hands its payment to the payment pool.
            long firstLeft = Traffic.settled(shop.ledger(), "slow-first").stream()
                    .filter(call -> call.route() != Route.PAYMENT).mapToLong(c -> c.endNanos()).max().orElseThrow();
            long secondStarted = Traffic.settled(shop.ledger(), "queued-second").get(0).startNanos();
            assertThat(secondStarted).as("the second ran once the first had left the only thread").isGreaterThan(firstLeft);
        } finally {
            shop.reset();
        }
    }

    /** C20 closes with every checkout running: it cannot reach one still waiting in the pool's queue. */
    @Test
    void aCheckoutStillQueuedWhenTheServiceClosesIsCancelledWithoutRunning() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(60));
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest("holds-the-thread"));
        try {
            CheckoutService service = new BlockingStyle(1, 4, 4).open(shop.baseUri(), policy);
            CompletableFuture<Receipt> running = service.checkout(new CheckoutRequest(user.id(), "holds-the-thread"));
            CompletableFuture<Receipt> queued = service.checkout(new CheckoutRequest(user.id(), "queued-at-close"));
            Waits.until(Duration.ofSeconds(10), () -> !shop.ledger().calls("holds-the-thread").isEmpty()
                    && shop.ledger().inFlight() > 0, () -> "the first checkout's details never went out");

            service.close();

            assertThat(Outcomes.cause(running)).isInstanceOf(CancellationException.class);
            assertThat(Outcomes.cause(queued)).as("the checkout that never got a thread").isInstanceOf(CancellationException.class);
            assertThat(shop.ledger().calls("queued-at-close")).as("calls of the checkout that never got a thread").isEmpty();
        } finally {
            shop.reset();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
