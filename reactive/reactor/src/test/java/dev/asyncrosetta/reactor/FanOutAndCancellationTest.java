package dev.asyncrosetta.reactor;

import static dev.asyncrosetta.reactor.ReactorCheckoutTest.assertDownstream;
import static dev.asyncrosetta.reactor.ScriptedShop.ORDERS;
import static dev.asyncrosetta.reactor.ScriptedShop.USER;
import static dev.asyncrosetta.reactor.ScriptedShop.details;
import static dev.asyncrosetta.reactor.ScriptedShop.failing;
import static dev.asyncrosetta.reactor.ScriptedShop.hang;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
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
import dev.asyncrosetta.reactor.ReactorCheckout.DetailsFanOut;
import dev.asyncrosetta.reactor.ScriptedShop.Attempt;
import dev.asyncrosetta.reactor.ScriptedShop.Ending;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The details fan-out (bounded, ordered, failing fast) and every way the chain is stopped from
 * above: the deadline, a cancelled subscription, a cancelled or completed future. On virtual time.
 *
 * <p>The virtual clock is the test's own, advanced by the script's {@code then} steps, rather than
 * one handed to {@code StepVerifier.withVirtualTime}: that one is disposed when {@code verify()}
 * returns, and advancing a disposed clock runs nothing, so a check that nothing happens after the
 * checkout stopped could never fail. This clock keeps running whatever the stopped checkout left
 * scheduled (a retry, a late call) until the test ends.
 */
@Timeout(10) // virtual time: a chain that never emits what a test awaits would otherwise hang it
class FanOutAndCancellationTest {
    private static final CheckoutRequest REQUEST = new CheckoutRequest("u-1", "req-00000003");
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4);
    /** Longer than any timeout, backoff or deadline the policy could still have scheduled. */
    private static final Duration LONG_AFTER = Duration.ofMinutes(1);
    /** The calls of a checkout stopped while the first four details were in flight: nothing else may ever start. */
    private static final List<String> UP_TO_THE_FIRST_FOUR_DETAILS =
            List.of(USER, ORDERS, details("o-1"), details("o-2"), details("o-3"), details("o-4"));

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @AfterEach
    void stopTheClock() {
        clock.dispose();
    }

    private ReactorCheckout checkout(ScriptedShop shop, CheckoutPolicy policy) {
        return new ReactorCheckout(shop, policy, clock, clock);
    }

    private Runnable advance(Duration time) {
        return () -> clock.advanceTimeBy(time);
    }

    private long now() {
        return clock.now(MILLISECONDS);
    }

    @Test
    void fetchesAtMostConcurrencyDetailsAtOnceAndKeepsTheOrdersOrder() {
        ScriptedShop shop = new ScriptedShop(12, clock);
        // 30 to 120 ms each, so they finish out of order.
        List<Order> orders = shop.openOrders();
        for (int i = 0; i < orders.size(); i++) {
            shop.script(details(orders.get(i).id()), shop.after(Duration.ofMillis(30 + (i * 7L % 10) * 10)));
        }

        StepVerifier.create(checkout(shop, POLICY).withDeadline(REQUEST))
                .then(advance(Duration.ofSeconds(5)))
                .assertNext(receipt -> assertThat(receipt.details()).extracting(OrderDetails::orderId)
                        .containsExactlyElementsOf(orders.stream().map(Order::id).toList()))
                .verifyComplete();

        assertThat(shop.detailsPeakInFlight()).isEqualTo(POLICY.detailsConcurrency());
        List<String> finishOrder = shop.ended().stream().filter(attempt -> attempt.call().startsWith("details:"))
                .sorted(Comparator.comparingLong(Attempt::endMillis)).map(Attempt::call).toList();
        assertThat(finishOrder).as("finished out of order").hasSize(12)
                .isNotEqualTo(orders.stream().map(order -> details(order.id())).toList());
    }

    /** The benchmark's sliding window fails as the style's own fan-out does. */
    @ParameterizedTest
    @EnumSource(DetailsFanOut.class)
    void theFirstFailedDetailCancelsItsSiblingsAndStartsNoOther(DetailsFanOut fanOut) {
        ScriptedShop shop = new ScriptedShop(6, clock);
        shop.scriptEveryDetail(shop.after(Duration.ofSeconds(1)));
        shop.script(details("o-2"), shop.failingAfter(Duration.ofMillis(50), () -> CallFailure.status(404)));

        StepVerifier.create(new ReactorCheckout(shop, POLICY, clock, clock, fanOut).withDeadline(REQUEST))
                .then(advance(Duration.ofMillis(49)))
                .expectNoEvent(Duration.ZERO)
                .then(advance(LONG_AFTER))
                .expectErrorSatisfies(failure -> {
                    assertThat(now()).as("failed the moment o-2 did").isEqualTo(50);
                    assertDownstream(failure, Step.DETAILS, Kind.HTTP_ERROR, 1);
                })
                .verify();

        assertThat(shop.ended()).filteredOn(attempt -> attempt.call().startsWith("details:"))
                .extracting(Attempt::call, Attempt::endMillis, Attempt::ending)
                .containsExactlyInAnyOrder(
                        tuple(details("o-1"), 50L, Ending.CANCELLED),
                        tuple(details("o-2"), 50L, Ending.FAILED),
                        tuple(details("o-3"), 50L, Ending.CANCELLED),
                        tuple(details("o-4"), 50L, Ending.CANCELLED));
        assertThat(shop.started()).as("a minute later: no retry, no o-5 or o-6, no payment")
                .containsExactlyElementsOf(UP_TO_THE_FIRST_FOUR_DETAILS);
    }

    @Test
    void theDeadlineCancelsWhateverIsInFlight() {
        CheckoutPolicy policy = POLICY.withDeadline(Duration.ofSeconds(2));
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());

        StepVerifier.create(checkout(shop, policy).withDeadline(REQUEST))
                .then(advance(Duration.ofMillis(1999)))
                .expectNoEvent(Duration.ZERO)
                .then(advance(LONG_AFTER))
                .expectErrorSatisfies(failure -> {
                    assertThat(now()).as("failed at the deadline").isEqualTo(2000);
                    assertThat(failure).isInstanceOf(DeadlineExceededException.class);
                })
                .verify();

        assertCancelledAt(shop, 2000);
    }

    @Test
    void cancellingTheSubscriptionCancelsTheCallsInFlight() {
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());

        StepVerifier.create(checkout(shop, POLICY).withDeadline(REQUEST))
                .then(advance(Duration.ofMillis(500)))
                .thenCancel()
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertCancelledAt(shop, 500);
    }

    @Test
    void cancellingDuringABackoffMeansNoLateRetry() {
        ScriptedShop shop = new ScriptedShop(1, clock).script(details("o-1"), failing(() -> CallFailure.status(503)));

        StepVerifier.create(checkout(shop, POLICY).withDeadline(REQUEST))
                .then(advance(POLICY.backoffAfter(1).dividedBy(2)))
                .thenCancel()
                .verify();
        clock.advanceTimeBy(LONG_AFTER);

        assertThat(shop.started()).as("a minute later: the one failed attempt, no retry, no payment")
                .containsExactly(USER, ORDERS, details("o-1"));
    }

    /** However the caller completes the future (C23), the chain is disposed as by {@code cancel}. */
    @ParameterizedTest(name = "the caller''s {0} stops the checkout")
    @ValueSource(strings = {"cancel", "complete", "completeExceptionally"})
    void theCallerCompletingTheFutureDisposesTheSubscription(String how) {
        ScriptedShop shop = new ScriptedShop(6, clock).scriptEveryDetail(hang());
        CompletableFuture<Receipt> checkout = checkout(shop, POLICY).checkout(REQUEST);
        clock.advanceTimeBy(Duration.ofMillis(500));

        boolean tookEffect = switch (how) {
            case "cancel" -> checkout.cancel(true);
            case "complete" -> checkout.complete(null);
            default -> checkout.completeExceptionally(new IllegalStateException("the caller gave up"));
        };
        clock.advanceTimeBy(LONG_AFTER);

        assertThat(tookEffect).isTrue();
        assertThat(checkout).isDone();
        assertCancelledAt(shop, 500);
    }

    /** The first four details were in flight and were cancelled then; nothing started after, even a minute later. */
    private static void assertCancelledAt(ScriptedShop shop, long millis) {
        Predicate<Attempt> detail = attempt -> attempt.call().startsWith("details:");
        assertThat(shop.ended()).filteredOn(detail)
                .extracting(Attempt::call, Attempt::endMillis, Attempt::ending)
                .containsExactlyInAnyOrder(
                        tuple(details("o-1"), millis, Ending.CANCELLED),
                        tuple(details("o-2"), millis, Ending.CANCELLED),
                        tuple(details("o-3"), millis, Ending.CANCELLED),
                        tuple(details("o-4"), millis, Ending.CANCELLED));
        assertThat(shop.started()).as("every call started, a minute later").containsExactlyElementsOf(UP_TO_THE_FIRST_FOUR_DETAILS);
    }
}
