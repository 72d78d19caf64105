package dev.asyncrosetta.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.vertx.RecordingShopClient.Seen;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The workflow's own promises, in Vert.x's test idiom: one event loop per checkout, retries on its
 * timers, and a cancel from any thread that resets the requests from the checkout's context. Each
 * test hands the service the extension's Vert.x instance; the extension closes it, and so the
 * service, after the test.
 */
@ExtendWith(VertxExtension.class)
class VertxCheckoutTest {
    private static final CheckoutPolicy POLICY =
            new CheckoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(50), 4);
    private static ShopBackend shop;

    @BeforeAll
    static void startShop() {
        shop = ShopBackend.start();
    }

    @AfterEach
    void resetShop() {
        shop.reset();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void everyStepOfACheckoutRunsOnOneEventLoopThread(Vertx vertx, VertxTestContext testContext) {
        shop.latency(Duration.ofMillis(5));
        User user = shop.data().userWithOpenOrders(6, 20);
        int orders = shop.data().openOrders(user.id()).size();
        RecordingShopClient recording = new RecordingShopClient(new VertxHttpShopClient(shop.baseUri(), POLICY.callTimeout(), vertx));
        VertxCheckout service = new VertxCheckout(recording, POLICY, vertx);

        CompletableFuture<Thread> completedOn = service.checkout(new CheckoutRequest(user.id(), newRequestId()))
                .thenApply(receipt -> Thread.currentThread());

        Future.fromCompletionStage(completedOn).onComplete(testContext.succeeding(callerThread -> testContext.verify(() -> {
            List<Seen> seen = recording.seen();
            assertThat(seen).as("each call noted when made and when answered").hasSize(2 * (1 + 1 + orders + 1));
            Seen first = seen.get(0);
            assertThat(first.thread().getName()).startsWith("vert.x-eventloop-thread-");
            assertThat(first.context().isEventLoopContext()).isTrue();
            assertThat(first.context().owner()).as("the service's Vert.x instance, not the shop's").isSameAs(vertx);
            assertThat(seen).allSatisfy(step -> {
                assertThat(step.thread()).as(step.event() + " on the checkout's thread").isSameAs(first.thread());
                assertThat(step.context()).as(step.event() + " on the checkout's context").isSameAs(first.context());
            });
            assertThat(callerThread).as("the caller's future completed there too").isSameAs(first.thread());
            testContext.completeNow();
        })));
    }

    @Test
    void retriesWaitOnTimersOfTheCheckoutsContext(Vertx vertx, VertxTestContext testContext) {
        CheckoutPolicy policy = POLICY.withFirstBackoff(Duration.ofMillis(100));
        UnavailableTwice shopUnavailableTwice = new UnavailableTwice();
        VertxCheckout service = new VertxCheckout(shopUnavailableTwice, policy, vertx);
        String requestId = newRequestId();

        Future.fromCompletionStage(service.checkout(new CheckoutRequest(UnavailableTwice.USER.id(), requestId)))
                .onComplete(testContext.succeeding(receipt -> testContext.verify(() -> {
                    assertThat(receipt).isEqualTo(Receipt.nothingToPay(requestId, UnavailableTwice.USER));
                    List<Attempt> attempts = shopUnavailableTwice.attempts;
                    assertThat(attempts).hasSize(3);
                    assertThat(attempts.get(1).since(attempts.get(0))).as("wait before attempt 2")
                            .isGreaterThanOrEqualTo(policy.backoffAfter(1)).isLessThan(policy.backoffAfter(1).plusSeconds(1));
                    assertThat(attempts.get(2).since(attempts.get(1))).as("wait before attempt 3")
                            .isGreaterThanOrEqualTo(policy.backoffAfter(2)).isLessThan(policy.backoffAfter(2).plusSeconds(1));
                    assertThat(attempts).extracting(Attempt::thread).as("each retry fired on the checkout's event loop")
                            .containsOnly(attempts.get(0).thread());
                    assertThat(attempts.get(0).thread().getName()).startsWith("vert.x-eventloop-thread-");
                    testContext.completeNow();
                })));
    }

    @Test
    void cancellingTheCallersFutureResetsTheRequestsFromTheCheckoutsContext(Vertx vertx, VertxTestContext testContext) {
        User user = shop.data().userWithOpenOrders(5, 6);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        RecordingShopClient recording = new RecordingShopClient(new VertxHttpShopClient(shop.baseUri(), POLICY.callTimeout(), vertx));
        VertxCheckout service = new VertxCheckout(recording, POLICY, vertx);

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), requestId));
        Waits.until(Duration.ofSeconds(10), () -> shop.ledger().calls(requestId, Route.DETAILS).size() == POLICY.detailsConcurrency(),
                () -> "details in flight: " + shop.ledger().calls(requestId));
        assertThat(checkout.cancel(true)).as("cancelled from the test's own thread, not an event loop").isTrue();

        Eventually.until(vertx,
                () -> shop.ledger().inFlight(requestId) == 0 && recording.seen("details failed").size() == POLICY.detailsConcurrency(),
                () -> "ledger " + shop.ledger().calls(requestId) + ", client saw " + recording.seen())
                .onComplete(testContext.succeeding(settled -> testContext.verify(() -> {
                    assertThat(shop.ledger().calls(requestId, Route.DETAILS)).hasSize(POLICY.detailsConcurrency())
                            .extracting(Call::ending).containsOnly(Ending.ABORTED_BY_CLIENT);
                    Seen start = recording.seen("user called").get(0);
                    assertThat(recording.seen("details stopped")).as("the abort, hopped onto the checkout's context")
                            .hasSize(POLICY.detailsConcurrency())
                            .allSatisfy(stopped -> assertThat(stopped.context()).isSameAs(start.context()));
                    assertThat(recording.seen("details failed")).allSatisfy(failed -> {
                        assertThat(failed.thread()).isSameAs(start.thread());
                        assertThat(failed.failure()).as("an abort, not a failure to retry").isInstanceOf(CancellationException.class);
                    });
                    assertThat(shop.ledger().calls(requestId, Route.PAYMENT)).isEmpty();
                    testContext.completeNow();
                })));
    }

    @Test
    void aPaymentWaitingForAConnectionIsNeverSentOnceTheDeadlinePassed(Vertx vertx, VertxTestContext testContext) {
        CheckoutPolicy policy = POLICY.withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(1));
        User user = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();
        PaymentBehindAHangingCall shopClient = new PaymentBehindAHangingCall(vertx,
                new VertxHttpShopClient(shop.baseUri(), policy.callTimeout(), vertx, 1), user.id());
        VertxCheckout service = new VertxCheckout(shopClient, policy, vertx);

        Future.fromCompletionStage(service.checkout(new CheckoutRequest(user.id(), requestId)))
                .transform(decided -> {
                    testContext.verify(() -> {
                        assertThat(decided.cause()).isInstanceOf(DeadlineExceededException.class);
                        assertThat(shopClient.paymentQueued).as("the payment was asked for, behind the hanging call").isTrue();
                    });
                    return shopClient.releaseTheConnection();
                })
                .compose(released -> Eventually.until(vertx, () -> shop.ledger().inFlight() == 0,
                        () -> "in flight: " + shop.ledger().calls()))
                // The freed connection goes to the queued payment at once; give its send time to reach the shop.
                .compose(settled -> vertx.timer(500, TimeUnit.MILLISECONDS))
                .onComplete(testContext.succeeding(quiet -> testContext.verify(() -> {
                    assertThat(shop.ledger().calls(requestId, Route.PAYMENT)).as("payment calls sent after the deadline").isEmpty();
                    assertThat(shop.ledger().charges(requestId)).isEmpty();
                    testContext.completeNow();
                })));
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private record Attempt(long nanos, Thread thread) {
        Duration since(Attempt earlier) {
            return Duration.ofNanos(nanos - earlier.nanos);
        }
    }

    /** A shop whose user call is unavailable twice, then answers; the user has nothing to pay. */
    private static final class UnavailableTwice implements VertxShopClient {
        static final User USER = new User("u-0001", "Grace Hopper", "grace@example.com");
        final List<Attempt> attempts = new CopyOnWriteArrayList<>();

        @Override
        public Future<User> user(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            attempts.add(new Attempt(System.nanoTime(), Thread.currentThread()));
            return attempts.size() <= 2 ? Future.failedFuture(CallFailure.status(503)) : Future.succeededFuture(USER);
        }

        @Override
        public Future<List<Order>> orders(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return Future.succeededFuture(List.of());
        }

        @Override
        public Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return Future.failedFuture(new AssertionError("no orders, so no details"));
        }

        @Override
        public Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return Future.failedFuture(new AssertionError("nothing to pay"));
        }
    }

    /**
     * The shop over a pool of one connection; asked to pay, it first starts a call that hangs on that
     * connection, so the payment waits in the pool's queue until {@link #releaseTheConnection}.
     */
    private static final class PaymentBehindAHangingCall implements VertxShopClient {
        private final VertxHttpShopClient shop;
        private final String userId;
        private final String hangingRequestId = newRequestId();
        private final InFlight hanging;
        private Context paymentContext;
        volatile boolean paymentQueued;

        PaymentBehindAHangingCall(Vertx vertx, VertxHttpShopClient shop, String userId) {
            this.shop = shop;
            this.userId = userId;
            this.hanging = new InFlight(vertx);
            VertxCheckoutTest.shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(hangingRequestId));
        }

        @Override
        public Future<User> user(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return shop.user(requestId, userId, inFlight, trace);
        }

        @Override
        public Future<List<Order>> orders(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return shop.orders(requestId, userId, inFlight, trace);
        }

        @Override
        public Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight, io.opentelemetry.context.Context trace) {
            return shop.details(requestId, orderId, inFlight, trace);
        }

        @Override
        public Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight, io.opentelemetry.context.Context trace) {
            paymentContext = Vertx.currentContext();
            shop.user(hangingRequestId, userId, hanging, io.opentelemetry.context.Context.root());
            paymentQueued = true;
            return shop.pay(requestId, payment, inFlight, trace);
        }

        /** Aborts the hanging call on the context that made it, which frees the pool's one connection. */
        Future<Void> releaseTheConnection() {
            Promise<Void> released = Promise.promise();
            paymentContext.runOnContext(release -> {
                hanging.abort();
                released.complete();
            });
            return released.future();
        }
    }
}
