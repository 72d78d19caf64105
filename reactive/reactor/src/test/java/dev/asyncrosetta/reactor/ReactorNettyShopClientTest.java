package dev.asyncrosetta.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The HTTP adapter against the real shop: headers, error mapping, and what a cancel does to the exchange. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactorNettyShopClientTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private ShopBackend shop;
    private Scheduler timer;
    private ReactorNettyShopClient client;
    private User user;

    @BeforeAll
    void startShop() {
        shop = ShopBackend.start();
        user = shop.data().userWithOpenOrders(2, 6);
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    @BeforeEach
    void openClient() {
        timer = Schedulers.newSingle("client-test-timer", true);
        client = new ReactorNettyShopClient(shop.baseUri(), timer, ReactorCheckout.untraced());
    }

    @AfterEach
    void closeClient() {
        CallTrace.listen(null);
        client.dispose();
        timer.dispose();
        shop.reset();
        Waits.until(PATIENCE, () -> shop.openConnections() == 0,
                () -> "connections still open after dispose: " + shop.openConnections());
    }

    @Test
    void decodesTheAnswerAndSendsTheRequestId() {
        String requestId = newRequestId();

        StepVerifier.create(client.user(requestId, user.id()))
                .expectNext(user)
                .expectComplete()
                .verify(PATIENCE);

        assertThat(shop.ledger().calls(requestId)).singleElement()
                .satisfies(call -> assertThat(call.route()).isEqualTo(Route.USER));
    }

    @Test
    void sendsThePaymentWithTheRequestIdAsItsIdempotencyKey() {
        String requestId = newRequestId();
        List<OrderDetails> details = shop.data().openOrders(user.id()).stream()
                .map(order -> shop.data().details(order.id())).toList();

        StepVerifier.create(client.pay(requestId, PaymentRequest.forDetails(user, details)))
                .assertNext(payment -> assertThat(payment.amountCents()).isEqualTo(shop.data().totalFor(user.id())))
                .expectComplete()
                .verify(PATIENCE);

        assertThat(shop.ledger().calls(requestId)).singleElement()
                .satisfies(call -> assertThat(call.idempotencyKey()).isEqualTo(requestId));
        assertThat(shop.ledger().charges(requestId)).hasSize(1);
    }

    @Test
    void anErrorStatusIsACallFailureCarryingIt() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.ORDERS, Fault.status(503)).forRequest(requestId));

        StepVerifier.create(client.orders(requestId, user.id()))
                .expectErrorSatisfies(callFailure(failure -> {
                    assertThat(failure.kind()).isEqualTo(Kind.HTTP_ERROR);
                    assertThat(failure.status()).isEqualTo(503);
                    assertThat(failure.isTransient()).isTrue();
                }))
                .verify(PATIENCE);
    }

    @Test
    void aResetConnectionIsATransientConnectionFailure() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId));

        StepVerifier.create(client.user(requestId, user.id()))
                .expectErrorSatisfies(callFailure(failure -> {
                    assertThat(failure.kind()).isEqualTo(Kind.CONNECTION);
                    assertThat(failure.isTransient()).isTrue();
                }))
                .verify(PATIENCE);
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsMalformed() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.missingField()).forRequest(requestId));

        StepVerifier.create(client.user(requestId, user.id()))
                .expectErrorSatisfies(callFailure(failure -> assertThat(failure.kind()).isEqualTo(Kind.MALFORMED_RESPONSE)))
                .verify(PATIENCE);
    }

    /**
     * CallFailure's rule: only what the transport did is a CallFailure. A call on a client whose
     * event loops and pool are gone is a bug of whoever made it; as a "connection failure" it would
     * be retried, and reported as the shop's fault.
     */
    @Test
    void aFailureThatIsNotTheTransportsPassesUnchanged() {
        client.dispose();
        Waits.until(PATIENCE, () -> threadsNamed("rosetta-reactor-http").isEmpty(), () -> "event loops still alive");

        StepVerifier.create(client.user(newRequestId(), user.id()))
                .expectErrorSatisfies(failure -> assertThat(failure).isNotInstanceOf(CallFailure.class))
                .verify(PATIENCE);
    }

    @Test
    void aHeadThatNettyCannotParseIsUnparseableAndItsConnectionIsNotPooled() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.parse("user#" + requestId + "=big-header:512KiB"));

        StepVerifier.create(client.user(requestId, user.id()))
                .expectErrorSatisfies(callFailure(failure -> {
                    assertThat(failure.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                    assertThat(failure.isTransient()).isFalse();
                }))
                .verify(PATIENCE);

        // The decoder discards whatever else that connection brings: pooled, it would stall the next call on it.
        Waits.until(PATIENCE, () -> shop.openConnections() == 0,
                () -> "connections still open: " + shop.openConnections() + " (an unparseable answer's connection went back to the pool)");
        StepVerifier.create(client.user(newRequestId(), user.id())).expectNext(user).expectComplete().verify(PATIENCE);
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndItsConnectionClosedRatherThanReadToTheEnd() {
        String requestId = newRequestId();
        String orderId = shop.data().openOrders(user.id()).get(0).id();
        shop.addFault(FaultRule.parse("details/" + orderId + "#" + requestId + "=padded:64MiB"));

        StepVerifier.create(client.details(requestId, orderId))
                .expectErrorSatisfies(callFailure(failure -> {
                    assertThat(failure.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                    assertThat(failure.isTransient()).isFalse();
                }))
                .verify(PATIENCE);

        Waits.until(PATIENCE, () -> shop.openConnections() == 0,
                () -> "connections still open: " + shop.openConnections() + " (the refused body is being read, or its connection pooled)");
    }

    /** The trace of a call ends with its status, or with its failure's kind when no answer came (PIT found neither checked). */
    @Test
    void everyCallIsTracedWithHowItEnded() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.ORDERS, Fault.status(404)).forRequest(requestId));
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempts(1, 1));
        List<String> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(call -> traced.add(call.step() + " " + call.outcome()));

        StepVerifier.create(client.user(requestId, user.id()).onErrorResume(reset -> client.user(requestId, user.id()))
                        .then(client.orders(requestId, user.id())))
                .expectError(CallFailure.class)
                .verify(PATIENCE);

        assertThat(traced).containsExactly("USER CONNECTION", "USER 200", "ORDERS 404");
    }

    @Test
    void cancellingAnAwaitedCallClosesItsConnectionSoTheShopSeesItAborted() {
        String requestId = newRequestId();
        String orderId = shop.data().openOrders(user.id()).get(0).id();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        List<String> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(call -> traced.add(call.outcome()));

        StepVerifier.create(client.details(requestId, orderId))
                .expectSubscription()
                .then(() -> Waits.until(PATIENCE, () -> shop.ledger().inFlight(requestId) == 1,
                        () -> "the call never reached the shop: " + shop.ledger().calls(requestId)))
                .thenCancel()
                .verify(PATIENCE);

        assertThat(traced).as("what the trace calls a cancelled call").containsExactly("aborted");
        assertThat(Traffic.settled(shop.ledger(), requestId)).extracting(Call::ending).containsExactly(Ending.ABORTED_BY_CLIENT);
        Waits.until(PATIENCE, () -> shop.openConnections() == 0,
                () -> "connections still open: " + shop.openConnections() + " (a cancelled exchange must not go back to the pool)");
    }

    @Test
    void disposingClosesTheConnectionsAndEndsTheEventLoops() {
        StepVerifier.create(client.user(newRequestId(), user.id())).expectNextCount(1).expectComplete().verify(PATIENCE);
        assertThat(shop.openConnections()).as("the answered call's connection stays pooled").isEqualTo(1);

        client.dispose();

        Waits.until(PATIENCE, () -> shop.openConnections() == 0 && threadsNamed("rosetta-reactor-http").isEmpty(),
                () -> "connections open: " + shop.openConnections() + ", event loops alive: " + threadsNamed("rosetta-reactor-http"));
        assertThat(client.isDisposed()).isTrue();
    }

    /**
     * Reactor's global schedulers and Reactor Netty's global event loops live as long as the JVM; a
     * service that started them could not release them in close(). Nothing in this module may.
     */
    @Test
    void neverStartsReactorsOrReactorNettysGlobalThreads() {
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        StepVerifier.create(client.user(requestId, user.id())).expectNextCount(1).expectComplete().verify(PATIENCE);
        StepVerifier.create(client.details(requestId, shop.data().openOrders(user.id()).get(0).id()).timeout(Duration.ofMillis(100), timer))
                .expectError(TimeoutException.class)
                .verify(PATIENCE);

        client.dispose();
        Waits.until(PATIENCE, () -> threadsNamed("rosetta-reactor-http").isEmpty(), () -> "event loops alive: " + threadsNamed("rosetta-reactor-http"));

        assertThat(threadsNamed("parallel-", "single-", "boundedElastic-", "reactor-http-")).isEmpty();
    }

    private static List<String> threadsNamed(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> Arrays.stream(prefixes).anyMatch(name::startsWith))
                .toList();
    }

    private static Consumer<Throwable> callFailure(Consumer<CallFailure> requirements) {
        return failure -> {
            assertThat(failure).isInstanceOf(CallFailure.class);
            requirements.accept((CallFailure) failure);
        };
    }

    private static String newRequestId() {
        return "client-" + UUID.randomUUID();
    }
}
