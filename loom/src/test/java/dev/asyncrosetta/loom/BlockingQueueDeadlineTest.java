package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On the blocking style a checkout may wait for a pool thread. Its deadline counts from the call to
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
        // One request thread, held by a checkout whose details hang until its own deadline.
        try (CheckoutService service = new BlockingStyle(1, 4).open(shop.baseUri(), policy)) {
            shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest("holds-the-thread"));
            CompletableFuture<Receipt> holder = service.checkout(new CheckoutRequest(user.id(), "holds-the-thread"));
            long start = System.nanoTime();
            CompletableFuture<Receipt> queued = service.checkout(new CheckoutRequest(user.id(), "waits-for-a-thread"));

            Throwable failure = failureOf(queued);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(DeadlineExceededException.class);
            assertThat(elapsed).as("failed at about its deadline, counted from the call")
                    .isGreaterThanOrEqualTo(policy.deadline().minusMillis(20)).isLessThan(policy.deadline().plusMillis(1000));
            assertThat(failureOf(holder)).isInstanceOf(DeadlineExceededException.class);
            Traffic.settled(shop.ledger(), "holds-the-thread");
            assertThat(shop.ledger().calls("waits-for-a-thread")).as("the queued checkout never ran").isEmpty();
        } finally {
            shop.reset();
        }
    }

    @Test
    void aCheckoutQueuedWithTimeToSpareRunsOnceTheThreadIsFree() throws Exception {
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5)).withDeadline(Duration.ofSeconds(10));
        User user = shop.data().userWithOpenOrders(1, 6);
        try (CheckoutService service = new BlockingStyle(1, 4).open(shop.baseUri(), policy)) {
            shop.addFault(FaultRule.on(Route.DETAILS, Fault.delay(Duration.ofMillis(300))).forRequest("slow-first"));
            CompletableFuture<Receipt> first = service.checkout(new CheckoutRequest(user.id(), "slow-first"));
            CompletableFuture<Receipt> second = service.checkout(new CheckoutRequest(user.id(), "queued-second"));

            assertThat(second.get(30, TimeUnit.SECONDS).payment()).isPresent();
            assertThat(first).isCompleted();
            long firstEnded = Traffic.settled(shop.ledger(), "slow-first").stream().mapToLong(c -> c.endNanos()).max().orElseThrow();
            long secondStarted = Traffic.settled(shop.ledger(), "queued-second").get(0).startNanos();
            assertThat(secondStarted).as("the second ran once the first had left the only thread").isGreaterThan(firstEnded);
        } finally {
            shop.reset();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("not completed within 30 s");
        }
    }
}
