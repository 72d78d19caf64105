package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** C10: the details fan out, but never wider than the policy allows, and come back in order. */
public interface FanOutScenarios extends ContractFixture {

    @Test
    @Order(10)
    @DisplayName("C10 bounded fan-out")
    default void C10_boundedFanOut() {
        CheckoutPolicy policy = BASE.withDetailsConcurrency(4);
        User user = shop().data().userWithOpenOrders(12, 20);
        String requestId = newRequestId("c10");
        scrambleDetails(requestId, user);

        Receipt receipt = receipt(open(policy).checkout(new CheckoutRequest(user.id(), requestId)));

        ReceiptChecks.assertPaidInFull(shop().data(), user, requestId, receipt);
        List<Call> details = to(Traffic.settled(shop().ledger(), requestId), Route.DETAILS);
        assertThat(details).as("each order's details fetched once").hasSize(receipt.orders().size());
        assertThat(shop().ledger().peakInFlight(requestId, Route.DETAILS)).as("peak details in flight")
                .isEqualTo(policy.detailsConcurrency());
    }

    /**
     * Gives each order's details its own delay, 30 to 120 ms, so they complete out of order and
     * overlap long enough for the full concurrency to be reached.
     */
    default void scrambleDetails(String requestId, User user) {
        List<dev.asyncrosetta.model.Order> orders = shop().data().openOrders(user.id());
        for (int i = 0; i < orders.size(); i++) {
            Duration delay = Duration.ofMillis(30 + (i * 7L % 10) * 10);
            shop().addFault(FaultRule.on(Route.DETAILS, Fault.delay(delay)).forRequest(requestId).forResource(orders.get(i).id()));
        }
    }
}
