package dev.asyncrosetta.reactor;

import static dev.asyncrosetta.reactor.ScriptedShop.ORDERS;
import static dev.asyncrosetta.reactor.ScriptedShop.PAYMENT;
import static dev.asyncrosetta.reactor.ScriptedShop.USER;
import static dev.asyncrosetta.reactor.ScriptedShop.broken;
import static dev.asyncrosetta.reactor.ScriptedShop.details;
import static dev.asyncrosetta.reactor.ScriptedShop.failing;
import static dev.asyncrosetta.reactor.ScriptedShop.failingFirst;
import static dev.asyncrosetta.reactor.ScriptedShop.failingInTurn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.InvalidRequestException;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentDeclinedException;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.UserNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The chain step by step, with StepVerifier: what it emits, and which calls it made to get there. */
@Timeout(10) // virtual time: a chain that never emits what a test awaits would otherwise hang it
class ReactorCheckoutTest {
    private static final CheckoutRequest REQUEST = new CheckoutRequest("u-1", "req-00000001");
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(10), 3, Duration.ofMillis(100), 4);

    // Never advanced here: timeouts and backoffs are scheduled on it but none is due.
    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    private ReactorCheckout checkout(ScriptedShop shop) {
        return new ReactorCheckout(shop, POLICY, clock, clock);
    }

    @Test
    void paysTheSumOfTheDetailsAfterFetchingEverythingInOrder() {
        ScriptedShop shop = new ScriptedShop(3, clock);

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .assertNext(receipt -> {
                    assertThat(receipt.requestId()).isEqualTo(REQUEST.requestId());
                    assertThat(receipt.user().id()).isEqualTo("u-1");
                    assertThat(receipt.orders()).isEqualTo(shop.openOrders());
                    assertThat(receipt.details()).extracting(OrderDetails::orderId).containsExactly("o-1", "o-2", "o-3");
                    assertThat(receipt.totalCents()).isEqualTo(600);
                    assertThat(receipt.payment()).hasValueSatisfying(payment -> assertThat(payment.amountCents()).isEqualTo(600));
                })
                .verifyComplete();

        assertThat(shop.started()).containsExactly(USER, ORDERS, details("o-1"), details("o-2"), details("o-3"), PAYMENT);
        assertThat(shop.payments()).containsExactly(new PaymentRequest("u-1", List.of("o-1", "o-2", "o-3"), 600));
        assertThat(shop.ended()).allSatisfy(attempt -> assertThat(attempt.requestId()).isEqualTo(REQUEST.requestId()));
    }

    @Test
    void aUserWithoutOpenOrdersPaysNothing() {
        ScriptedShop shop = new ScriptedShop(0, clock);

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .assertNext(receipt -> {
                    assertThat(receipt.details()).isEmpty();
                    assertThat(receipt.payment()).isEmpty();
                    assertThat(receipt.totalCents()).isZero();
                })
                .verifyComplete();

        assertThat(shop.started()).containsExactly(USER, ORDERS);
    }

    @Test
    void anInvalidRequestFailsBeforeAnyCall() {
        ScriptedShop shop = new ScriptedShop(1, clock);

        StepVerifier.create(checkout(shop).withDeadline(new CheckoutRequest("u 1", REQUEST.requestId())))
                .verifyError(InvalidRequestException.class);
        StepVerifier.create(checkout(shop).withDeadline(null))
                .verifyError(InvalidRequestException.class);

        assertThat(shop.started()).isEmpty();
    }

    @Test
    void aMissingUserIsNotRetriedAndNothingFollowsIt() {
        ScriptedShop shop = new ScriptedShop(2, clock).script(USER, failing(() -> CallFailure.status(404)));

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .verifyError(UserNotFoundException.class);

        assertThat(shop.started()).containsExactly(USER);
    }

    @Test
    void aDeclinedPaymentIsNotRetried() {
        ScriptedShop shop = new ScriptedShop(2, clock).script(PAYMENT, failing(() -> CallFailure.status(402)));

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .verifyError(PaymentDeclinedException.class);

        assertThat(shop.attempts(PAYMENT)).hasSize(1);
    }

    @Test
    void aMalformedAnswerFailsTheStepAfterOneAttempt() {
        ScriptedShop shop = new ScriptedShop(2, clock)
                .script(ORDERS, failing(() -> CallFailure.malformed(new IllegalArgumentException("not JSON"))));

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.ORDERS, Kind.MALFORMED_RESPONSE, 1))
                .verify();

        assertThat(shop.started()).containsExactly(USER, ORDERS);
    }

    /** CallFailure's rule, the workflow's half: only transient CallFailures are retried, and only CallFailures are mapped. */
    @Test
    void aBugIsNotRetriedAndReachesTheCallerUnchanged() {
        IllegalStateException bug = new IllegalStateException("a bug, not the shop's failure");
        ScriptedShop shop = new ScriptedShop(1, clock).script(details("o-1"), broken(() -> bug));

        StepVerifier.create(checkout(shop).withDeadline(REQUEST))
                .expectErrorSatisfies(failure -> assertThat(failure).isSameAs(bug))
                .verify();

        assertThat(shop.started()).containsExactly(USER, ORDERS, details("o-1"));
    }

    @Test
    void theFailureNamesEveryAttemptMadeEvenWhenTheLastWasNotRetryable() {
        ScriptedShop shop = new ScriptedShop(1, clock)
                .script(details("o-1"), failingInTurn(() -> CallFailure.status(503), () -> CallFailure.status(404)));

        StepVerifier.withVirtualTime(() -> checkout(shop).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(POLICY.backoffAfter(1))
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.DETAILS, Kind.HTTP_ERROR, 2))
                .verify();
    }

    @Test
    void checkoutHandsTheCallerTheCheckoutExceptionItself() {
        ScriptedShop shop = new ScriptedShop(1, clock).script(USER, failing(() -> CallFailure.status(404)));

        CompletableFuture<?> future = checkout(shop).checkout(REQUEST);

        assertThat(future).failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseExactlyInstanceOf(UserNotFoundException.class);
    }

    @Test
    void thePaymentIsRetriedWithTheSameRequest() {
        ScriptedShop shop = new ScriptedShop(2, clock).script(PAYMENT, failingFirst(1, () -> CallFailure.status(503)));

        StepVerifier.withVirtualTime(() -> checkout(shop).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(POLICY.backoffAfter(1))
                .expectNextCount(1)
                .verifyComplete();

        // The request id is the Idempotency-Key: both attempts carry it, and the same body.
        assertThat(shop.attempts(PAYMENT)).extracting(ScriptedShop.Attempt::requestId)
                .containsExactly(REQUEST.requestId(), REQUEST.requestId());
        assertThat(shop.payments()).hasSize(2).containsOnly(shop.payments().get(0));
    }

    static void assertDownstream(Throwable failure, Step step, Kind kind, int attempts) {
        assertThat(failure).isExactlyInstanceOf(DownstreamException.class);
        DownstreamException downstream = (DownstreamException) failure;
        assertThat(downstream.step()).as("step").isEqualTo(step);
        assertThat(downstream.kind()).as("kind").isEqualTo(kind);
        assertThat(downstream.attempts()).as("attempts").isEqualTo(attempts);
    }
}
