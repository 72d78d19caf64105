package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** C9, C14 and C35: the checkout stops from above (its deadline, its caller) and nothing is left running. */
public interface AbortScenarios extends ContractFixture {

    @Test
    @Order(9)
    @DisplayName("C9 deadline")
    default void C9_deadline() {
        // The calls' own timeout is far off: only the deadline can end them, and it must abort them.
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofMillis(1000));
        User user = shop().data().userWithOpenOrders(3, 6);
        String requestId = newRequestId("c9");
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        long start = System.nanoTime();
        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        AtomicLong decided = Decisions.watch(checkout);
        failure(checkout, DeadlineExceededException.class);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).as("failed at about the deadline")
                .isGreaterThanOrEqualTo(policy.deadline().minusMillis(20))
                .isLessThan(policy.deadline().plusMillis(1000));
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.DETAILS)).isNotEmpty();
        Decisions.assertAbortedPromptly(to(calls, Route.DETAILS), decided, "details aborted by the deadline");
        assertThat(to(calls, Route.PAYMENT)).isEmpty();
    }

    @Test
    @Order(14)
    @DisplayName("C14 caller cancellation")
    default void C14_callerCancellation() {
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(5, 6);
        String requestId = newRequestId("c14");
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        Ledger ledger = shop().ledger();

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        Traffic.awaitDetails(ledger, requestId, policy.detailsConcurrency());
        AtomicLong decided = Decisions.now();
        assertThat(checkout.cancel(true)).isTrue();

        assertThat(checkout).isCancelled();
        assertThat(Outcomes.cause(checkout)).isInstanceOf(CancellationException.class);
        List<Call> calls = Traffic.settled(ledger, requestId);
        assertThat(to(calls, Route.DETAILS)).hasSize(policy.detailsConcurrency());
        Decisions.assertAbortedPromptly(to(calls, Route.DETAILS), decided, "details aborted by the cancel");
        // Absence has no event to wait for: watch for longer than any retry the policy could schedule.
        Waits.quietPeriod(policy.backoffAfter(policy.maxAttempts()).plusMillis(300));
        assertThat(ledger.calls(requestId)).as("no call for the request after the cancel").hasSize(calls.size());
        assertThat(to(ledger.calls(requestId), Route.PAYMENT)).isEmpty();
    }

    /**
     * C14 cancels in the fan-out and C33 in the payment; this cancels in every step, so that no step
     * of any style holds its call apart from the checkout (the user and orders calls included).
     */
    @ParameterizedTest(name = "C35 the caller cancels while the {0} call is in flight")
    @Order(35)
    @DisplayName("C35 cancelled in each step")
    @EnumSource(Step.class)
    default void C35_cancelledInEachStep(Step step) {
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c35");
        Route route = Route.of(step);
        shop().addFault(FaultRule.on(route, Fault.hang()).forRequest(requestId));
        Ledger ledger = shop().ledger();

        // Every call of the step in flight (the fan-out's lanes all started), so the cancel races none of them.
        int inFlight = step == Step.DETAILS ? Math.min(policy.detailsConcurrency(), shop().data().openOrders(user.id()).size()) : 1;

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        Waits.until(Duration.ofSeconds(10), () -> to(ledger.calls(requestId), route).size() == inFlight,
                () -> "the " + step + " calls so far: " + ledger.calls(requestId));
        AtomicLong decided = Decisions.now();
        assertThat(checkout.cancel(true)).isTrue();

        assertThat(Outcomes.cause(checkout)).isInstanceOf(CancellationException.class);
        List<Call> calls = Traffic.settled(ledger, requestId);
        Decisions.assertAbortedPromptly(to(calls, route), decided, "the " + step + " call aborted by the cancel");
        Waits.quietPeriod(policy.backoffAfter(policy.maxAttempts()).plusMillis(300));
        assertThat(ledger.calls(requestId)).as("no call for the request after the cancel").hasSize(calls.size());
        assertThat(ledger.calls(requestId)).as("no call of a later step")
                .allSatisfy(call -> assertThat(call.route().ordinal()).isLessThanOrEqualTo(route.ordinal()));
        assertThat(ledger.charges(requestId)).isEmpty();
    }
}
