package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.PaymentDeclinedException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** C11-C13: the one call with an effect. Retrying it is safe only because the key never changes. */
public interface PaymentScenarios extends ContractFixture {

    @Test
    @Order(11)
    @DisplayName("C11 declined payment")
    default void C11_declinedPayment() {
        User user = shop().data().decliningUser();
        String requestId = newRequestId("c11");

        failure(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)), PaymentDeclinedException.class);

        List<Call> payments = to(Traffic.settled(shop().ledger(), requestId), Route.PAYMENT);
        assertThat(payments).as("a decline is not retried").extracting(Call::status).containsExactly(402);
        assertThat(shop().ledger().charges(requestId)).isEmpty();
    }

    @Test
    @Order(12)
    @DisplayName("C12 lost payment answer")
    default void C12_lostPaymentAnswer() {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofMillis(500));
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("c12");
        // The shop charges at once, but the answer comes after the client has given up on it.
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.delay(policy.callTimeout().plusMillis(500)))
                .forRequest(requestId).onAttempt(1));

        Receipt receipt = receipt(open(policy).checkout(new CheckoutRequest(user.id(), requestId)));

        List<Call> payments = to(Traffic.settled(shop().ledger(), requestId), Route.PAYMENT);
        assertThat(payments).hasSizeGreaterThanOrEqualTo(2);
        assertThat(payments.get(0).ending()).as("the first answer was lost").isEqualTo(Ending.ABORTED_BY_CLIENT);
        assertSameKeyOneCharge(requestId, payments, receipt);
    }

    @Test
    @Order(13)
    @DisplayName("C13 payment 503 before charging")
    default void C13_paymentUnavailable() {
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("c13");
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.status(503)).forRequest(requestId).onAttempt(1));

        Receipt receipt = receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)));

        List<Call> payments = to(Traffic.settled(shop().ledger(), requestId), Route.PAYMENT);
        assertThat(payments).extracting(Call::status).containsExactly(503, 201);
        assertSameKeyOneCharge(requestId, payments, receipt);
    }

    private void assertSameKeyOneCharge(String requestId, List<Call> payments, Receipt receipt) {
        assertThat(payments).as("every attempt carries the request id as its Idempotency-Key")
                .allSatisfy(call -> assertThat(call.idempotencyKey()).isEqualTo(requestId));
        List<Charge> charges = shop().ledger().charges(requestId);
        assertThat(charges).as("charged exactly once").hasSize(1);
        assertThat(receipt.payment()).contains(charges.get(0).payment());
    }
}
