package dev.asyncrosetta.reactor;

import static dev.asyncrosetta.reactor.ReactorCheckoutTest.assertDownstream;
import static dev.asyncrosetta.reactor.ScriptedShop.PAYMENT;
import static dev.asyncrosetta.reactor.ScriptedShop.USER;
import static dev.asyncrosetta.reactor.ScriptedShop.details;
import static dev.asyncrosetta.reactor.ScriptedShop.failing;
import static dev.asyncrosetta.reactor.ScriptedShop.failingFirst;
import static dev.asyncrosetta.reactor.ScriptedShop.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.reactor.ScriptedShop.Attempt;
import dev.asyncrosetta.reactor.ScriptedShop.Ending;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Retry and backoff timings on virtual time: the waits are seconds of the policy's time and
 * milliseconds of the test's, and exact, so the checks can be too.
 */
@Timeout(10) // virtual time: a chain that never emits what a test awaits would otherwise hang it
class RetryTimingTest {
    private static final CheckoutRequest REQUEST = new CheckoutRequest("u-1", "req-00000002");
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofMillis(100), 4);

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    private ReactorCheckout checkout(ScriptedShop shop, CheckoutPolicy policy) {
        return new ReactorCheckout(shop, policy, clock, clock);
    }

    @Test
    void waitsFirstBackoffAfterTheFirstFailureThenTwiceThat() {
        ScriptedShop shop = new ScriptedShop(2, clock).script(details("o-1"), failingFirst(2, () -> CallFailure.status(503)));

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(299)) // 100 ms after the first failure, then 200 ms after the second
                .thenAwait(Duration.ofMillis(1))
                .assertNext(receipt -> assertThat(receipt.totalCents()).isEqualTo(300))
                .verifyComplete();

        assertThat(shop.attempts(details("o-1"))).extracting(Attempt::startMillis).containsExactly(0L, 100L, 300L);
    }

    @Test
    void doublesTheWaitExactlyUntilTheAttemptsRunOut() {
        CheckoutPolicy fiveAttempts = POLICY.withMaxAttempts(5);
        ScriptedShop shop = new ScriptedShop(1, clock).script(details("o-1"), failing(() -> CallFailure.status(503)));

        StepVerifier.withVirtualTime(() -> checkout(shop, fiveAttempts).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1499)) // 100 + 200 + 400 + 800: no jitter
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.DETAILS, Kind.HTTP_ERROR, 5))
                .verify();

        assertThat(shop.attempts(details("o-1"))).extracting(Attempt::startMillis).containsExactly(0L, 100L, 300L, 700L, 1500L);
        assertThat(shop.attempts(PAYMENT)).isEmpty();
    }

    @Test
    void cutsEachAttemptOffAtTheCallTimeoutAndRetriesIt() {
        ScriptedShop shop = new ScriptedShop(1, clock).script(USER, hang());

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(3299)) // 1000 + 100 + 1000 + 200 + 1000
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.USER, Kind.TIMEOUT, 3))
                .verify();

        assertThat(shop.attempts(USER))
                .extracting(Attempt::startMillis, Attempt::endMillis, Attempt::ending)
                .containsExactly(
                        tuple(0L, 1000L, Ending.CANCELLED),
                        tuple(1100L, 2100L, Ending.CANCELLED),
                        tuple(2300L, 3300L, Ending.CANCELLED));
    }

    @Test
    void oneAttemptMeansNoRetry() {
        ScriptedShop shop = new ScriptedShop(1, clock).script(USER, failing(() -> CallFailure.status(503)));

        StepVerifier.withVirtualTime(() -> checkout(shop, POLICY.withMaxAttempts(1)).withDeadline(REQUEST), () -> clock, Long.MAX_VALUE)
                .expectSubscription()
                .expectErrorSatisfies(failure -> assertDownstream(failure, Step.USER, Kind.HTTP_ERROR, 1))
                .verify();

        assertThat(shop.attempts(USER)).hasSize(1);
    }
}
