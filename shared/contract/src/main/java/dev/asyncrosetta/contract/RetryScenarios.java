package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.gap;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** C6-C8, C15, C16: which failures are retried, how often, how far apart, and how a call is given up. */
public interface RetryScenarios extends ContractFixture {

    @Test
    @Order(6)
    @DisplayName("C6 transient read failure")
    default void C6_transientReadFailure() {
        CheckoutPolicy policy = BASE.withFirstBackoff(Duration.ofMillis(100));
        User user = shop().data().userWithOpenOrders(2, 6);
        String orderId = shop().data().openOrders(user.id()).get(0).id();
        String requestId = newRequestId("c6");
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.status(503)).forRequest(requestId).forResource(orderId).onAttempts(1, 2));

        ReceiptChecks.assertPaidInFull(shop().data(), user, requestId,
                receipt(open(policy).checkout(new CheckoutRequest(user.id(), requestId))));

        List<Call> attempts = to(Traffic.settled(shop().ledger(), requestId), Route.DETAILS, orderId);
        assertThat(attempts).extracting(Call::status).containsExactly(503, 503, 200);
        assertThat(gap(attempts.get(0), attempts.get(1))).as("wait before attempt 2")
                .isGreaterThanOrEqualTo(policy.backoffAfter(1)).isLessThan(Duration.ofSeconds(2));
        assertThat(gap(attempts.get(1), attempts.get(2))).as("wait before attempt 3")
                .isGreaterThanOrEqualTo(policy.backoffAfter(2)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @Order(7)
    @DisplayName("C7 retries exhausted")
    default void C7_retriesExhausted() {
        // The calls' own timeout is far off: the siblings must be ended by the fail-fast.
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(5, 6);
        String failing = shop().data().openOrders(user.id()).get(0).id();
        String requestId = newRequestId("c7");
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.status(503)).forRequest(requestId).forResource(failing));
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        long start = System.nanoTime();
        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        AtomicLong decided = Decisions.watch(checkout);
        DownstreamException failure = failure(checkout, DownstreamException.class);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertDownstream(failure, Step.DETAILS, Kind.HTTP_ERROR, policy.maxAttempts());
        assertThat(elapsed).as("failed fast, without waiting for the siblings").isLessThan(Duration.ofSeconds(5));
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.DETAILS, failing)).hasSize(policy.maxAttempts());
        List<Call> siblings = to(calls, Route.DETAILS).stream().filter(c -> !c.resourceId().equals(failing)).toList();
        assertThat(siblings).as("siblings in flight").isNotEmpty();
        Decisions.assertAbortedPromptly(siblings, decided, "siblings aborted by the fail-fast");
        assertThat(to(calls, Route.PAYMENT)).isEmpty();
    }

    @Test
    @Order(8)
    @DisplayName("C8 per-call timeout")
    default void C8_perCallTimeout() {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofMillis(300));
        String requestId = newRequestId("c8");
        shop().addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        DownstreamException failure = failure(
                open(policy).checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), requestId)),
                DownstreamException.class);

        assertDownstream(failure, Step.USER, Kind.TIMEOUT, policy.maxAttempts());
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls).as("only user calls").allSatisfy(call -> assertThat(call.route()).isEqualTo(Route.USER));
        assertEachAbortedAtCallTimeout(calls, policy);
    }

    @ParameterizedTest(name = "C15 malformed body: {0} answers {1}")
    @Order(15)
    @DisplayName("C15 malformed body")
    @CsvSource({"USER, malformed", "USER, missing-field", "ORDERS, malformed", "ORDERS, missing-field",
            "DETAILS, malformed", "DETAILS, missing-field", "PAYMENT, malformed", "PAYMENT, missing-field"})
    default void C15_malformedBody(Step step, String fault) {
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c15");
        shop().addFault(FaultRule.parse(step.name().toLowerCase() + "#" + requestId + "=" + fault));

        DownstreamException failure = failure(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)),
                DownstreamException.class);

        assertDownstream(failure, step, Kind.MALFORMED_RESPONSE, 1);
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls.stream().filter(c -> c.route().step() == step && c.attempt() > 1)).as("not retried").isEmpty();
        if (step != Step.DETAILS) {
            assertThat(to(calls, Route.of(step))).hasSize(1);
        }
        assertThat(calls.stream().filter(c -> c.route().step().compareTo(step) > 0)).as("nothing after the failed step").isEmpty();
    }

    @Test
    @Order(16)
    @DisplayName("C16 connection reset")
    default void C16_connectionReset() {
        User user = shop().data().userWithOpenOrders(2, 6);
        String orderId = shop().data().openOrders(user.id()).get(1).id();
        String requestId = newRequestId("c16");
        shop().addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempt(1));
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.reset()).forRequest(requestId).forResource(orderId).onAttempt(1));

        ReceiptChecks.assertPaidInFull(shop().data(), user, requestId,
                receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId))));

        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.USER)).extracting(Call::ending).containsExactly(Ending.RESET_BY_SERVER, Ending.ANSWERED);
        assertThat(to(calls, Route.DETAILS, orderId)).extracting(Call::ending)
                .containsExactly(Ending.RESET_BY_SERVER, Ending.ANSWERED);
    }

    /** maxAttempts calls, each aborted by the client at about callTimeout. */
    static void assertEachAbortedAtCallTimeout(List<Call> calls, CheckoutPolicy policy) {
        assertThat(calls).hasSize(policy.maxAttempts()).allSatisfy(call -> {
            assertThat(call.ending()).as("the exchange was really aborted").isEqualTo(Ending.ABORTED_BY_CLIENT);
            assertThat(call.duration()).as("aborted at about callTimeout")
                    .isGreaterThanOrEqualTo(policy.callTimeout().minusMillis(100))
                    .isLessThan(policy.callTimeout().plusMillis(700));
        });
    }

    static void assertDownstream(DownstreamException failure, Step step, Kind kind, int attempts) {
        assertThat(failure.step()).as("step").isEqualTo(step);
        assertThat(failure.kind()).as("kind").isEqualTo(kind);
        assertThat(failure.attempts()).as("attempts").isEqualTo(attempts);
    }
}
