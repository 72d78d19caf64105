package dev.asyncrosetta.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.User;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client's promises, checked against the shop's ledger: a timeout and an abort both end the
 * exchange for real, the pool lets a wide fan-out through, and what the wire does wrong becomes the
 * CallFailure the one rule names. Calls start on a context, as the workflow makes them.
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

    @AfterEach
    void stopTracing() {
        CallTrace.listen(null);
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void theCallTimeoutResetsTheRequest(Vertx vertx, VertxTestContext testContext) {
        Duration callTimeout = Duration.ofMillis(300);
        VertxHttpShopClient client = new VertxHttpShopClient(shop.baseUri(), callTimeout, vertx);
        User user = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        long start = System.nanoTime();
        vertx.getOrCreateContext().runOnContext(onContext -> client.user(requestId, user.id(), new InFlight(vertx), io.opentelemetry.context.Context.root())
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

    /** The trace of a call ends with its status, or with its failure's kind when no answer came (PIT found neither checked). */
    @Test
    void everyCallIsTracedWithHowItEnded(Vertx vertx, VertxTestContext testContext) {
        VertxHttpShopClient client = new VertxHttpShopClient(shop.baseUri(), Duration.ofSeconds(5), vertx);
        User user = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.ORDERS, Fault.status(404)).forRequest(requestId));
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempts(1, 1));
        List<String> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(call -> traced.add(call.step() + " " + call.outcome()));

        vertx.getOrCreateContext().runOnContext(onContext -> {
            InFlight inFlight = new InFlight(vertx);
            client.user(requestId, user.id(), inFlight, io.opentelemetry.context.Context.root())
                    .recover(reset -> client.user(requestId, user.id(), inFlight, io.opentelemetry.context.Context.root()))
                    .compose(found -> client.orders(requestId, user.id(), inFlight, io.opentelemetry.context.Context.root()))
                    .onComplete(testContext.failing(refused -> testContext.verify(() -> {
                        assertThat(traced).containsExactly("USER CONNECTION", "USER 200", "ORDERS 404");
                        testContext.completeNow();
                    })));
        });
    }

    @Test
    void anAbortResetsEveryRequestInFlightAndIsNoCallFailure(Vertx vertx, VertxTestContext testContext) {
        VertxHttpShopClient client = new VertxHttpShopClient(shop.baseUri(), Duration.ofSeconds(5), vertx);
        List<String> orderIds = orderIds(3);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        Context context = vertx.getOrCreateContext();
        InFlight inFlight = new InFlight(vertx);
        Checkpoint failedOnTheClient = testContext.checkpoint();
        Checkpoint abortedOnTheShop = testContext.checkpoint();
        List<String> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(call -> traced.add(call.outcome()));

        context.runOnContext(onContext -> {
            List<Future<OrderDetails>> calls = orderIds.stream().map(orderId -> client.details(requestId, orderId, inFlight, io.opentelemetry.context.Context.root())).toList();
            Future.join(calls).onComplete(testContext.failing(aborted -> testContext.verify(() -> {
                assertThat(calls).allSatisfy(call -> assertThat(call.cause()).isInstanceOf(CancellationException.class));
                assertThat(traced).as("what the trace calls an aborted call").hasSize(orderIds.size()).containsOnly("aborted");
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
        VertxHttpShopClient client = new VertxHttpShopClient(shop.baseUri(), Duration.ofSeconds(5), vertx);
        List<String> orderIds = orderIds(32);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.delay(Duration.ofMillis(300))).forRequest(requestId));

        vertx.getOrCreateContext().runOnContext(onContext -> Future.all(orderIds.stream()
                        .map(orderId -> client.details(requestId, orderId, new InFlight(vertx), io.opentelemetry.context.Context.root())).toList())
                .onComplete(testContext.succeeding(all -> testContext.verify(() -> {
                    assertThat(shop.ledger().peakInFlight(requestId, Route.DETAILS))
                            .as("all in flight at once, not a handful per host").isEqualTo(orderIds.size());
                    testContext.completeNow();
                }))));
    }

    @Test
    void aBrokenChunkInTheBodyIsAnUnparseableAnswer(Vertx vertx, VertxTestContext testContext) {
        VertxHttpShopClient client = new VertxHttpShopClient(shop.baseUri(), Duration.ofSeconds(5), vertx);
        String requestId = newRequestId();
        shop.addFault(FaultRule.parse("details#" + requestId + "=bad-chunk"));

        vertx.getOrCreateContext().runOnContext(onContext -> client.details(requestId, orderIds(1).get(0), new InFlight(vertx), io.opentelemetry.context.Context.root())
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(failure).as("Netty's own exception, translated by the one rule").isInstanceOfSatisfying(CallFailure.class,
                            unparseable -> assertThat(unparseable.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
                    testContext.completeNow();
                }))));
    }

    @Test
    void aConnectThatHangsIsATimeout(Vertx vertx, VertxTestContext testContext) throws IOException {
        Duration callTimeout = Duration.ofMillis(300);
        ListenerThatNeverAccepts full = ListenerThatNeverAccepts.open();
        VertxHttpShopClient client = new VertxHttpShopClient(full.uri(), callTimeout, vertx);

        long start = System.nanoTime();
        vertx.getOrCreateContext().runOnContext(onContext -> client.user(newRequestId(), "u-0001", new InFlight(vertx), io.opentelemetry.context.Context.root())
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    full.close();
                    assertThat(failure).isInstanceOfSatisfying(CallFailure.class,
                            timeout -> assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT));
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(callTimeout, callTimeout.plusMillis(700));
                    testContext.completeNow();
                }))));
    }

    @Test
    void aBodyWithoutLengthIsRefusedAsSoonAsItPassesTheLimit(Vertx vertx, VertxTestContext testContext) {
        Promise<Long> writtenUntilClosed = Promise.promise();
        vertx.createHttpServer()
                .requestHandler(request -> EndlessBody.write(request.response().setChunked(true), writtenUntilClosed))
                .listen(0, "127.0.0.1")
                .compose(server -> {
                    VertxHttpShopClient client = new VertxHttpShopClient(
                            URI.create("http://127.0.0.1:" + server.actualPort()), Duration.ofSeconds(10), vertx);
                    Promise<OrderDetails> answer = Promise.promise();
                    vertx.getOrCreateContext().runOnContext(onContext ->
                            client.details(newRequestId(), "o-0001-01", new InFlight(vertx), io.opentelemetry.context.Context.root()).onComplete(answer));
                    return answer.future();
                })
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(failure).isInstanceOfSatisfying(CallFailure.class, tooLarge -> {
                        assertThat(tooLarge.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
                        assertThat(tooLarge).hasMessageContaining("over the limit");
                    });
                    writtenUntilClosed.future().onComplete(testContext.succeeding(written -> testContext.verify(() -> {
                        assertThat(written).as("bytes the server wrote before the client closed the connection")
                                .isGreaterThan(ShopApi.MAX_ANSWER_BYTES)
                                .isLessThan(2L * ShopApi.MAX_ANSWER_BYTES);
                        testContext.completeNow();
                    })));
                })));
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

    /** A loopback listener whose accept queue is full: a further connect is never answered, so it hangs. */
    private record ListenerThatNeverAccepts(ServerSocket listener, List<Socket> queued) implements AutoCloseable {
        static ListenerThatNeverAccepts open() throws IOException {
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            List<Socket> queued = new ArrayList<>();
            try {
                while (queued.size() < 8) { // Linux queues backlog + 1; the first connect that times out proves it full
                    Socket socket = new Socket();
                    queued.add(socket);
                    socket.connect(listener.getLocalSocketAddress(), 200);
                }
                throw new IllegalStateException("the listener's accept queue never filled");
            } catch (SocketTimeoutException full) {
                return new ListenerThatNeverAccepts(listener, queued);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + listener.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : queued) socket.close();
            listener.close();
        }
    }

    /**
     * A chunked body that never ends: spaces, 64 KiB at a time as the connection drains, until the
     * client closes the connection; then how many bytes were written.
     */
    private static final class EndlessBody {
        private static final Buffer SPACES = Buffer.buffer(" ".repeat(64 * 1024));

        static void write(HttpServerResponse response, Promise<Long> writtenUntilClosed) {
            long[] written = {0};
            response.closeHandler(closed -> writtenUntilClosed.tryComplete(written[0]));
            writeMore(response, written);
        }

        private static void writeMore(HttpServerResponse response, long[] written) {
            while (!response.closed() && !response.writeQueueFull()) {
                response.write(SPACES);
                written[0] += SPACES.length();
            }
            response.drainHandler(drained -> writeMore(response, written));
        }
    }
}
