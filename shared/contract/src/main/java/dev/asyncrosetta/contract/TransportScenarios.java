package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.RetryScenarios.assertDownstream;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * C21, C26-C32: what reaches the wire and what comes back on it. Every style's HTTP client has its
 * own defaults (hidden retries, redirects, size caps, parsers stricter or laxer than RFC 9112); these
 * scenarios pin one behaviour for all of them, by the rule in {@link dev.asyncrosetta.model.CallFailure}.
 */
public interface TransportScenarios extends ContractFixture {

    @Test
    @Order(21)
    @DisplayName("C21 per-call timeout covers the body")
    default void C21_perCallTimeoutCoversTheBody() {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofMillis(300));
        String requestId = newRequestId("c21");
        // The head comes at once, half the body, then nothing: only a timeout over the whole answer ends it.
        shop().addFault(FaultRule.parse("user#" + requestId + "=stall-body"));

        long start = System.nanoTime();
        DownstreamException failure = failure(
                open(policy).checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), requestId)),
                DownstreamException.class);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertDownstream(failure, Step.USER, Kind.TIMEOUT, policy.maxAttempts());
        Duration expected = policy.callTimeout().multipliedBy(policy.maxAttempts())
                .plus(policy.backoffAfter(1)).plus(policy.backoffAfter(2));
        assertThat(elapsed).as("failed after its attempts timed out, not at the deadline")
                .isLessThan(expected.plusSeconds(2)).isLessThan(policy.deadline());
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls).as("only user calls").allSatisfy(call -> assertThat(call.route()).isEqualTo(Route.USER));
        RetryScenarios.assertEachAbortedAtCallTimeout(calls, policy);
    }

    @Test
    @Order(26)
    @DisplayName("C26 connection refused")
    default void C26_connectionRefused() {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(2));
        URI nobodyListens = URI.create("http://127.0.0.1:" + portNobodyListensOn());

        DownstreamException failure = failure(
                open(nobodyListens, policy).checkout(new CheckoutRequest("u-0001", newRequestId("c26"))),
                DownstreamException.class);

        assertDownstream(failure, Step.USER, Kind.CONNECTION, policy.maxAttempts());
    }

    @ParameterizedTest(name = "C27 client error: {0} answers {1}")
    @Order(27)
    @DisplayName("C27 client errors are not retried")
    @CsvSource({"ORDERS, 400", "ORDERS, 404", "DETAILS, 404", "DETAILS, 409"})
    default void C27_clientErrorsAreNotRetried(Step step, int status) {
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c27");
        String resource = step == Step.DETAILS ? shop().data().openOrders(user.id()).get(0).id() : user.id();
        shop().addFault(FaultRule.parse(step.name().toLowerCase() + "/" + resource + "#" + requestId + "=" + status));

        DownstreamException failure = failure(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)),
                DownstreamException.class);

        assertDownstream(failure, step, Kind.HTTP_ERROR, 1);
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.of(step), resource)).as("one call, not retried").extracting(Call::status).containsExactly(status);
        assertThat(to(calls, Route.PAYMENT)).isEmpty();
    }

    @ParameterizedTest(name = "C28 redirect on {0}")
    @Order(28)
    @DisplayName("C28 redirects are not followed")
    @EnumSource(value = Step.class, names = {"USER", "PAYMENT"})
    default void C28_redirectsAreNotFollowed(Step step) {
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("c28");
        // The Location is the same route: a client that followed it would call the route again.
        shop().addFault(FaultRule.parse(step.name().toLowerCase() + "#" + requestId + "=redirect"));

        DownstreamException failure = failure(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)),
                DownstreamException.class);

        assertDownstream(failure, step, Kind.HTTP_ERROR, 1);
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.of(step))).as("the redirect, not followed").extracting(Call::status).containsExactly(302);
        assertThat(shop().ledger().charges(requestId)).isEmpty();
    }

    @Test
    @Order(29)
    @DisplayName("C29 informational answers are skipped")
    default void C29_informationalAnswersAreSkipped() {
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c29");
        for (Route route : Route.values()) {
            shop().addFault(FaultRule.parse(route.name().toLowerCase() + "#" + requestId + "=informational"));
        }

        ReceiptChecks.assertPaidInFull(shop().data(), user, requestId,
                receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId))));

        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(calls).as("one call per step and order, each answered").hasSize(3 + shop().data().openOrders(user.id()).size())
                .allSatisfy(call -> assertThat(call.ending()).isEqualTo(Ending.ANSWERED));
    }

    @ParameterizedTest(name = "C30 exactly the attempts allowed: {0} dropped before the first byte")
    @Order(30)
    @DisplayName("C30 exactly the attempts the policy allows")
    @EnumSource(value = Step.class, names = {"USER", "DETAILS"})
    default void C30_exactlyTheAttemptsThePolicyAllows(Step step) {
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("c30");
        // Closed before the first byte, on a fresh connection (the user call) and on a pooled one (the
        // details, after two calls): what several clients silently send again on their own.
        String resource = step == Step.DETAILS ? shop().data().openOrders(user.id()).get(0).id() : user.id();
        shop().addFault(FaultRule.parse(step.name().toLowerCase() + "/" + resource + "#" + requestId + "=drop"));

        DownstreamException failure = failure(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)),
                DownstreamException.class);

        assertDownstream(failure, step, Kind.CONNECTION, BASE.maxAttempts());
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        assertThat(to(calls, Route.of(step), resource)).as("calls the shop saw: maxAttempts, no hidden resend")
                .hasSize(BASE.maxAttempts());
    }

    @ParameterizedTest(name = "C31 answer size: details body {0} → {1}")
    @Order(31)
    @DisplayName("C31 one answer size limit")
    // Either side of the limit by one byte: ShopApi.MAX_ANSWER_BYTES (16 MiB) is still an answer, one
    // byte more is not; announced by a Content-Length, and chunked, where only counting can tell.
    @CsvSource({"padded:16777217B, MALFORMED_RESPONSE", "padded:16MiB, RECEIPT",
            "padded-chunked:16777217B, MALFORMED_RESPONSE", "padded-chunked:16MiB, RECEIPT"})
    default void C31_oneAnswerSizeLimit(String body, String expected) {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(30));
        User user = shop().data().userWithOpenOrders(1, 6);
        String orderId = shop().data().openOrders(user.id()).get(0).id();
        String requestId = newRequestId("c31");
        shop().addFault(FaultRule.parse("details/" + orderId + "#" + requestId + "=" + body));

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));

        if (expected.equals("RECEIPT")) {
            ReceiptChecks.assertPaidInFull(shop().data(), user, requestId, receipt(checkout));
            return;
        }
        DownstreamException failure = failure(checkout, DownstreamException.class);
        assertDownstream(failure, Step.DETAILS, Kind.MALFORMED_RESPONSE, 1);
        assertThat(to(Traffic.settled(shop().ledger(), requestId), Route.DETAILS, orderId)).as("not retried").hasSize(1);
    }

    @ParameterizedTest(name = "C32 unparseable HTTP: the user call answers {0} → {1}")
    @Order(32)
    @DisplayName("C32 an answer that is not HTTP")
    @CsvSource({"bad-status-line, MALFORMED_RESPONSE", "bad-header-name, MALFORMED_RESPONSE",
            "big-header:512KiB, MALFORMED_RESPONSE", "big-header:256KiB, RECEIPT"})
    default void C32_anAnswerThatIsNotHttp(String fault, String expected) {
        // A patient callTimeout: reading half a megabyte of head on a loaded machine must not become a timeout.
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(30));
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("c32");
        shop().addFault(FaultRule.parse("user#" + requestId + "=" + fault));

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));

        if (expected.equals("RECEIPT")) {
            ReceiptChecks.assertPaidInFull(shop().data(), user, requestId, receipt(checkout));
            return;
        }
        DownstreamException failure = failure(checkout, DownstreamException.class);
        assertDownstream(failure, Step.USER, Kind.MALFORMED_RESPONSE, 1);
        assertThat(Traffic.settled(shop().ledger(), requestId)).as("one user call, not retried, nothing after it")
                .extracting(Call::route).containsExactly(Route.USER);
    }

    /** A loopback port that was free a moment ago: connecting to it is refused. */
    static int portNobodyListensOn() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
