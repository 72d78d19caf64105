package dev.asyncrosetta.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.User;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's promises, checked against the shop's ledger: a timeout and an abort both end the
 * exchange for real, and the pool lets a wide fan-out through. Calls start on a context, as the
 * workflow makes them.
 */
@ExtendWith(VertxExtension.class)
class VertxHttpShopClientTest {
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
    void theCallTimeoutResetsTheRequest(Vertx vertx, VertxTestContext testContext) {
        Duration callTimeout = Duration.ofMillis(300);
        VertxHttpShopClient client = new VertxHttpShopClient(vertx, shop.baseUri(), callTimeout);
        User user = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        long start = System.nanoTime();
        vertx.getOrCreateContext().runOnContext(onContext -> client.user(requestId, user.id(), new InFlight(vertx))
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(failure).isInstanceOfSatisfying(CallFailure.class,
                            timeout -> assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(callTimeout, callTimeout.plusMillis(700));
                    settled(vertx, requestId).onComplete(testContext.succeeding(calls -> testContext.verify(() -> {
                        assertThat(calls).singleElement().satisfies(call -> {
                            assertThat(call.ending()).as("the exchange was really aborted").isEqualTo(Ending.ABORTED_BY_CLIENT);
                            assertThat(call.duration()).isGreaterThanOrEqualTo(callTimeout.minusMillis(100));
                        });
                        testContext.completeNow();
                    })));
                }))));
    }

    @Test
    void anAbortResetsEveryRequestInFlightAndIsNoCallFailure(Vertx vertx, VertxTestContext testContext) {
        VertxHttpShopClient client = new VertxHttpShopClient(vertx, shop.baseUri(), Duration.ofSeconds(5));
        List<String> orderIds = orderIds(3);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        Context context = vertx.getOrCreateContext();
        InFlight inFlight = new InFlight(vertx);
        Checkpoint failedOnTheClient = testContext.checkpoint();
        Checkpoint abortedOnTheShop = testContext.checkpoint();

        context.runOnContext(onContext -> {
            List<Future<OrderDetails>> calls = orderIds.stream().map(orderId -> client.details(requestId, orderId, inFlight)).toList();
            Future.join(calls).onComplete(testContext.failing(aborted -> testContext.verify(() -> {
                assertThat(calls).allSatisfy(call -> assertThat(call.cause()).isInstanceOf(CancellationException.class));
                failedOnTheClient.flag();
            })));
        });
        Eventually.until(vertx, () -> shop.ledger().calls(requestId).size() == orderIds.size(),
                        () -> "in flight: " + shop.ledger().calls(requestId))
                .onSuccess(allInFlight -> context.runOnContext(abort -> inFlight.abort()))
                .compose(aborted -> settled(vertx, requestId))
                .onComplete(testContext.succeeding(calls -> testContext.verify(() -> {
                    assertThat(calls).hasSize(orderIds.size()).extracting(Call::ending).containsOnly(Ending.ABORTED_BY_CLIENT);
                    abortedOnTheShop.flag();
                })));
    }

    @Test
    void thePoolLetsAWideFanOutThrough(Vertx vertx, VertxTestContext testContext) {
        VertxHttpShopClient client = new VertxHttpShopClient(vertx, shop.baseUri(), Duration.ofSeconds(5));
        List<String> orderIds = orderIds(32);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.delay(Duration.ofMillis(300))).forRequest(requestId));

        vertx.getOrCreateContext().runOnContext(onContext -> Future.all(orderIds.stream()
                        .map(orderId -> client.details(requestId, orderId, new InFlight(vertx))).toList())
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    assertThat(shop.ledger().peakInFlight(requestId, Route.DETAILS))
                            .as("all in flight at once, not a handful per host").isEqualTo(orderIds.size());
                    testContext.completeNow();
                }))));
    }

    private static Future<List<Call>> settled(Vertx vertx, String requestId) {
        return Eventually.until(vertx, () -> shop.ledger().inFlight(requestId) == 0,
                        () -> "in flight: " + shop.ledger().calls(requestId))
                .map(settled -> shop.ledger().calls(requestId));
    }

    private static List<String> orderIds(int count) {
        return shop.data().users().stream()
                .flatMap(user -> shop.data().openOrders(user.id()).stream())
                .map(dev.asyncrosetta.model.Order::id)
                .limit(count)
                .toList();
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
