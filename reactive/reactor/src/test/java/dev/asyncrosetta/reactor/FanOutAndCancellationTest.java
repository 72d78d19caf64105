package dev.asyncrosetta.reactor;

import static dev.asyncrosetta.reactor.ReactorCheckoutTest.assertDownstream;
import static dev.asyncrosetta.reactor.ScriptedShop.PAY;
import static dev.asyncrosetta.reactor.ScriptedShop.details;
import static dev.asyncrosetta.reactor.ScriptedShop.failing;
import static dev.asyncrosetta.reactor.ScriptedShop.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.reactor.ScriptedShop.Attempt;
import dev.asyncrosetta.reactor.ScriptedShop.Ending;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The details fan-out (bounded, ordered, failing fast) and every way the chain is stopped from
 * above: the deadline, a cancelled subscription, a cancelled future. On virtual time.
 */
@Timeout(10) // virtual time: a chain that never emits what a test awaits would otherwise hang it
class FanOutAndCancellationTest {
    private static final CheckoutRequest REQUEST = new CheckoutRequest("u-1", "req-00000003");
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4);
    /** Longer than any retry the policy could still schedule. */
    private static final Duration LONG_AFTER = Duration.ofMinutes(1);

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    private ReactorCheckout checkout(ScriptedShop shop, CheckoutPolicy policy) {
        return new ReactorCheckout(shop, policy, clock, clock);
    }

    @Test
    void fetchesAtMostConcurrencyDetailsAtOnceAndKeepsTheOrdersOrder() {
        ScriptedShop shop = new ScriptedShop(12, clock);
        // 30 to 120 ms each, so they finish out of order.
        List<Order> orders = shop.openOrders();
        for (int i = 0; i < orders.size(); i++) {
            shop.script(details(orders.get(i).id()), shop.after(Duration.ofMillis(30 + (i * 7L % 10) * 10)));
        }

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).receipt(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(receipt -> assertThat(receipt.details()).extracting(OrderDetails::orderId)
                        .containsExactlyElementsOf(orders.stream().map(Order::id).toList()))
                .verifyComplete();

        assertThat(shop.detailsPeakInFlight()).isEqualTo(POLICY.detailsConcurrency());
        List<String> finishOrder = shop.ended().stream().filter(attempt -> attempt.call().startsWith("details:"))
                .sorted(Comparator.comparingLong(Attempt::endMillis)).map(Attempt::call).toList();
        assertThat(finishOrder).as("finished out of order").hasSize(12)
                .isNotEqualTo(orders.stream().map(order -> details(order.id())).toList());
    }

    @Test
    void theFirstFailedDetailCancelsItsSiblingsAndStartsNoOther() {
        ScriptedShop shop = new ScriptedShop(6, clock);
        shop.scriptEveryDetail(shop.after(Duration.ofSeconds(1)));
        shop.script(details("o-2"), shop.failingAfter(Duration.ofMillis(50), () -> CallFailure.status(404)));

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).receipt(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(49))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.DETAILS, Kind.HTTP_ERROR, 1))
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertThat(shop.ended()).filteredOn(attempt -> attempt.call().startsWith("details:"))
                .extracting(Attempt::call, Attempt::endMillis, Attempt::ending)
                .containsExactlyInAnyOrder(
                        tuple(details("o-1"), 50L, Ending.CANCELLED),
                        tuple(details("o-2"), 50L, Ending.FAILED),
                        tuple(details("o-3"), 50L, Ending.CANCELLED),
                        tuple(details("o-4"), 50L, Ending.CANCELLED));
        assertThat(shop.started()).as("o-5, o-6 and the payment never start")
                .doesNotContain(details("o-5"), details("o-6"), PAY);
    }

    @Test
    void theDeadlineCancelsWhateverIsInFlight() {
        CheckoutPolicy policy = POLICY.withDeadline(Duration.ofSeconds(2));
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());

        StepVerifier.withVirtualTime(() -> checkout(shop, policy).receipt(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(DeadlineExceededException.class)
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertCancelledAt(shop, 2000);
    }

    @Test
    void cancellingTheSubscriptionCancelsTheCallsInFlight() {
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).receipt(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .thenCancel()
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertCancelledAt(shop, 500);
    }

    @Test
    void cancellingDuringABackoffMeansNoLateRetry() {
        ScriptedShop shop = new ScriptedShop(1, clock).script(details("o-1"), failing(() -> CallFailure.status(503)));

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).receipt(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(POLICY.backoffAfter(1).dividedBy(2))
                .thenCancel()
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertThat(shop.attempts(details("o-1"))).hasSize(1);
        assertThat(shop.started()).doesNotContain(PAY);
    }

    @Test
    void cancellingTheFutureCancelsTheSubscription() {
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());
        CompletableFuture<Receipt> checkout = checkout(shop, POLICY).checkout(REQUEST);
        clock.advanceTimeBy(Duration.ofMillis(500));

        assertThat(checkout.cancel(true)).isTrue();
        clock.advanceTimeBy(LONG_AFTER);

        assertThat(checkout).isCancelled();
        assertCancelledAt(shop, 500);
    }

    /** The first four details were in flight and were cancelled then; nothing started after. */
    private static void assertCancelledAt(ScriptedShop shop, long millis) {
        assertThat(shop.ended()).filteredOn(attempt -> attempt.call().startsWith("details:"))
                .extracting(Attempt::call, Attempt::endMillis, Attempt::ending)
                .containsExactlyInAnyOrder(
                        tuple(details("o-1"), millis, Ending.CANCELLED),
                        tuple(details("o-2"), millis, Ending.CANCELLED),
                        tuple(details("o-3"), millis, Ending.CANCELLED),
                        tuple(details("o-4"), millis, Ending.CANCELLED));
        assertThat(shop.started()).doesNotContain(details("o-5"), details("o-6"), PAY);
    }
}
