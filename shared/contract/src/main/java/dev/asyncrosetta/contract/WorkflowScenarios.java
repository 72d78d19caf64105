package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.InvalidRequestException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.model.UserNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** C1-C5: the workflow's plain outcomes, and the calls it makes for them. */
public interface WorkflowScenarios extends ContractFixture {

    @Test
    @Order(1)
    @DisplayName("C1 happy path")
    default void C1_happyPath() {
        ShopData data = shop().data();
        User user = data.userWithOpenOrders(3, 6);
        String requestId = newRequestId("c1");
        CheckoutService service = open(BASE);

        Receipt receipt = receipt(service.checkout(new CheckoutRequest(user.id(), requestId)));

        ReceiptChecks.assertPaidInFull(data, user, requestId, receipt);
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        List<dev.asyncrosetta.model.Order> orders = data.openOrders(user.id());
        assertThat(to(calls, Route.USER)).hasSize(1);
        assertThat(to(calls, Route.ORDERS)).hasSize(1);
        assertThat(to(calls, Route.DETAILS)).extracting(Call::resourceId)
                .containsExactlyInAnyOrderElementsOf(orders.stream().map(dev.asyncrosetta.model.Order::id).toList());
        assertThat(to(calls, Route.PAYMENT)).hasSize(1)
                .allSatisfy(payment -> assertThat(payment.idempotencyKey()).isEqualTo(requestId));
        assertThat(calls).allSatisfy(call -> assertThat(call.ending()).isEqualTo(Ending.ANSWERED));
        assertThat(shop().ledger().calls()).as("every call carries the request id").hasSize(calls.size());
        assertThat(shop().ledger().charges(requestId)).hasSize(1);
    }

    @Test
    @Order(2)
    @DisplayName("C2 sequencing")
    default void C2_sequencing() {
        shop().latency(Duration.ofMillis(10));
        User user = shop().data().userWithOpenOrders(4, 6);
        String requestId = newRequestId("c2");

        receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)));

        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        Call userCall = to(calls, Route.USER).get(0);
        Call ordersCall = to(calls, Route.ORDERS).get(0);
        List<Call> details = to(calls, Route.DETAILS);
        Call payment = to(calls, Route.PAYMENT).get(0);
        assertThat(ordersCall.startNanos()).as("orders starts after the user answered").isGreaterThanOrEqualTo(userCall.endNanos());
        assertThat(details).allSatisfy(detail ->
                assertThat(detail.startNanos()).as("details start after the orders answered").isGreaterThanOrEqualTo(ordersCall.endNanos()));
        long lastDetail = details.stream().mapToLong(Call::endNanos).max().orElseThrow();
        assertThat(payment.startNanos()).as("payment starts after every detail answered").isGreaterThanOrEqualTo(lastDetail);
    }

    @Test
    @Order(3)
    @DisplayName("C3 no open orders")
    default void C3_noOpenOrders() {
        User user = shop().data().userWithoutOpenOrders();
        String requestId = newRequestId("c3");

        Receipt receipt = receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)));

        assertThat(receipt).isEqualTo(Receipt.nothingToPay(requestId, user));
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls).extracting(Call::route).containsExactly(Route.USER, Route.ORDERS);
        assertThat(shop().ledger().charges(requestId)).isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("C4 unknown user")
    default void C4_unknownUser() {
        String requestId = newRequestId("c4");

        UserNotFoundException failure = failure(
                open(BASE).checkout(new CheckoutRequest("no-such-user", requestId)), UserNotFoundException.class);

        assertThat(failure.userId()).isEqualTo("no-such-user");
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls).as("one user call, not retried, nothing after it").extracting(Call::route).containsExactly(Route.USER);
        assertThat(calls.get(0).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "C5 invalid request: {0}")
    @Order(5)
    @MethodSource("dev.asyncrosetta.contract.WorkflowScenarios#invalidRequests")
    @DisplayName("C5 invalid requests")
    default void C5_invalidRequests(String why, CheckoutRequest request) {
        CheckoutService service = open(BASE);
        CompletableFuture<Receipt>[] future = new CompletableFuture[1];

        assertThatCode(() -> future[0] = service.checkout(request)).as("checkout never throws").doesNotThrowAnyException();

        InvalidRequestException failure = failure(future[0], InvalidRequestException.class);
        assertThat(failure.getMessage()).isNotBlank();
        assertThat(shop().ledger().calls()).as("no HTTP call for bad input").isEmpty();
    }

    static Stream<Arguments> invalidRequests() {
        String valid = "valid-request-id";
        return Stream.of(
                Arguments.of("null request", null),
                Arguments.of("null userId", new CheckoutRequest(null, valid)),
                Arguments.of("blank userId", new CheckoutRequest("", valid)),
                Arguments.of("spaces in userId", new CheckoutRequest("u 0001", valid)),
                Arguments.of("slash in userId", new CheckoutRequest("u-0001/../admin", valid)),
                Arguments.of("non-ASCII userId", new CheckoutRequest("ü-0001", valid)),
                Arguments.of("userId too long", new CheckoutRequest("u".repeat(65), valid)),
                Arguments.of("null requestId", new CheckoutRequest("u-0001", null)),
                Arguments.of("blank requestId", new CheckoutRequest("u-0001", "        ")),
                Arguments.of("requestId too short", new CheckoutRequest("u-0001", "abc1234")),
                Arguments.of("requestId too long", new CheckoutRequest("u-0001", "r".repeat(65))),
                Arguments.of("illegal characters in requestId", new CheckoutRequest("u-0001", "request_id!")));
    }
}
