package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The shop's HTTP API, its faults and its ledger, seen from a plain HTTP client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class ShopBackendTest {
    private ShopBackend shop;
    private HttpClient http;

    @BeforeAll
    void start() {
        shop = ShopBackend.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void reset() {
        shop.reset();
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    @Test
    void servesUsersOrdersAndDetails() throws Exception {
        User user = shop.data().userWithOpenOrders(2, 6);

        assertThat(Json.user(get("/users/" + user.id(), "r-1").body())).isEqualTo(user);
        List<Order> orders = Json.orders(get("/users/" + user.id() + "/orders", "r-1").body());
        assertThat(orders).isEqualTo(shop.data().openOrders(user.id())).allSatisfy(o -> assertThat(o.status()).isEqualTo(Order.OPEN));
        assertThat(Json.details(get("/orders/" + orders.get(0).id() + "/details", "r-1").body()))
                .isEqualTo(shop.data().details(orders.get(0).id()));
        assertThat(shop.ledger().calls("r-1")).extracting(Call::route).containsExactly(Route.USER, Route.ORDERS, Route.DETAILS);
    }

    /** The shop reads the W3C trace context headers and keeps them as they came, whatever they say: judging them is the contract's. */
    @Test
    void recordsTheTraceContextHeadersOfEveryCallAsTheyCame() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpRequest traced = HttpRequest.newBuilder(shop.baseUri().resolve("/users/" + user.id()))
                .header(ShopApi.REQUEST_ID_HEADER, "r-traced").header(ShopApi.TRACEPARENT_HEADER, traceparent)
                .header(ShopApi.TRACESTATE_HEADER, "vendor=opaque,other=1").build();
        http.send(traced, HttpResponse.BodyHandlers.discarding());
        get("/users/" + user.id(), "r-untraced");

        assertThat(shop.ledger().calls("r-traced")).singleElement().satisfies(call -> {
            assertThat(call.traceparent()).isEqualTo(traceparent);
            assertThat(call.tracestate()).isEqualTo("vendor=opaque,other=1");
        });
        assertThat(shop.ledger().calls("r-untraced")).singleElement().satisfies(call -> {
            assertThat(call.traceparent()).isNull();
            assertThat(call.tracestate()).isNull();
        });
    }

    @Test
    void refusesWhatItDoesNotServe() throws Exception {
        assertThat(get("/users/nobody", "r-2").statusCode()).isEqualTo(404);
        assertThat(get("/orders/nothing/details", "r-2").statusCode()).isEqualTo(404);
        assertThat(get("/carts/1", "r-2").statusCode()).isEqualTo(404);
        assertThat(get(ShopApi.PAYMENTS_PATH, "r-2").statusCode()).isEqualTo(405);
        assertThat(pay("key-big", "x".repeat(70_000)).statusCode()).isEqualTo(413);
        assertThat(pay(null, body(shop.data().userWithOpenOrders(1, 6).id())).statusCode()).isEqualTo(400);
        assertThat(pay("key-bad", "{\"nope\":true}").statusCode()).isEqualTo(400);
    }

    @Test
    void chargesOncePerIdempotencyKey() throws Exception {
        String userId = shop.data().userWithOpenOrders(1, 6).id();
        String key = "key-" + System.nanoTime();

        HttpResponse<byte[]> first = pay(key, body(userId));
        HttpResponse<byte[]> replay = pay(key, body(userId));
        HttpResponse<byte[]> otherBody = pay(key, Json.writeString(new PaymentRequest(userId, List.of(), 1)));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Json.payment(replay.body())).isEqualTo(Json.payment(first.body()));
        assertThat(otherBody.statusCode()).isEqualTo(409);
        assertThat(shop.ledger().charges().stream().filter(c -> c.idempotencyKey().equals(key))).hasSize(1);
    }

    @Test
    void refusesAPaymentThatIsNotForExactlyTheOpenOrders() throws Exception {
        String userId = shop.data().userWithOpenOrders(2, 6).id();
        List<String> open = shop.data().openOrders(userId).stream().map(Order::id).toList();
        String first = open.get(0);
        List<String> twice = new java.util.ArrayList<>(open);
        twice.add(first);
        List<String> reversed = new java.util.ArrayList<>(open);
        java.util.Collections.reverse(reversed);
        long total = shop.data().totalFor(userId);

        HttpResponse<byte[]> subset = pay("key-subset", Json.writeString(
                new PaymentRequest(userId, List.of(first), shop.data().details(first).totalCents())));
        HttpResponse<byte[]> duplicate = pay("key-twice", Json.writeString(
                new PaymentRequest(userId, twice, total + shop.data().details(first).totalCents())));
        HttpResponse<byte[]> anyOrder = pay("key-reversed", Json.writeString(new PaymentRequest(userId, reversed, total)));

        assertThat(subset.statusCode()).isEqualTo(400);
        assertThat(new String(subset.body())).contains("bad_payment").contains("missing").contains(open.get(1));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(new String(duplicate.body())).contains("bad_payment").contains("twice");
        assertThat(anyOrder.statusCode()).as("the order of the list does not matter").isEqualTo(201);
        assertThat(shop.ledger().charges()).extracting(Charge::idempotencyKey).containsExactly("key-reversed");
    }

    @Test
    void filesCallsWithoutARequestIdUnderNoRequestId() throws Exception {
        String userId = shop.data().userWithOpenOrders(1, 6).id();

        HttpResponse<byte[]> anonymous = http.send(HttpRequest.newBuilder(shop.baseUri().resolve("/users/" + userId)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        get("/users/" + userId + "/orders", "r-named");

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(shop.ledger().callsWithoutRequestId()).singleElement().satisfies(call -> {
            assertThat(call.route()).isEqualTo(Route.USER);
            assertThat(call.requestId()).isEqualTo(Ledger.NO_REQUEST_ID).isEqualTo("-");
        });
        assertThat(shop.ledger().calls()).hasSize(2);
    }

    @Test
    void declinesTheUsersWhoseCardsAreDeclined() throws Exception {
        String userId = shop.data().decliningUser().id();

        HttpResponse<byte[]> response = pay("key-declined", body(userId));

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(new String(response.body())).contains("declined");
        assertThat(shop.ledger().charges()).isEmpty();
    }

    @Test
    void latencyIsATimerNotABlockedThread() throws Exception {
        shop.latency(Duration.ofMillis(300));
        String userId = shop.data().userWithOpenOrders(1, 6).id();

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(request("/users/" + userId, "r-latency").GET().build(), HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // 50 calls on a few event loops: one after another they would take 15 s; concurrent timers
        // finish them in about one latency, plus the connecting on a busy machine.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void recordsHowEachCallEnded() throws Exception {
        String userId = shop.data().userWithOpenOrders(1, 6).id();
        shop.addFault(FaultRule.parse("user#r-hang=hang"));
        shop.addFault(FaultRule.parse("user#r-reset@1=reset"));
        shop.addFault(FaultRule.parse("user#r-flaky@1-2=503"));

        CompletableFuture<HttpResponse<byte[]>> hanging =
                http.sendAsync(request("/users/" + userId, "r-hang").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        waitUntil(() -> shop.ledger().inFlight("r-hang") == 1);
        hanging.cancel(true); // the client aborts the exchange; the shop must see the connection go
        try {
            get("/users/" + userId, "r-reset");
        } catch (IOException expected) {
            // the shop closed the connection in the middle of its answer
        }
        List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> status("/users/" + userId, "r-flaky")).toList();

        waitUntilNothingInFlight();
        assertThat(shop.ledger().calls("r-hang")).extracting(Call::ending).containsExactly(Ending.ABORTED_BY_CLIENT);
        assertThat(shop.ledger().calls("r-reset")).extracting(Call::ending).containsExactly(Ending.RESET_BY_SERVER);
        assertThat(statuses).containsExactly(503, 503, 200);
        assertThat(shop.ledger().calls("r-flaky")).extracting(Call::attempt).containsExactly(1, 2, 3);
    }

    @Test
    void adminRouteTakesFaultRulesAndLatency() throws Exception {
        HttpResponse<String> added = http.send(HttpRequest.newBuilder(shop.baseUri().resolve("/admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("user@1=503\ndetails=hang\n")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(shop.baseUri().resolve("/admin/latency"))
                .PUT(HttpRequest.BodyPublishers.ofString("soon")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(added.statusCode()).isEqualTo(204);
        assertThat(shop.faults()).extracting(FaultRule::toString).containsExactly("user@1=503", "details=hang");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("not a duration");
    }

    @Test
    void countsAConnectionThatNeverSendsAByte() throws Exception {
        int before = shop.openConnections();
        try (Socket silent = new Socket(shop.baseUri().getHost(), shop.baseUri().getPort())) {
            waitUntil(() -> shop.openConnections() == before + 1);
        }
        waitUntil(() -> shop.openConnections() == before);
    }

    private void waitUntilNothingInFlight() throws InterruptedException {
        waitUntil(() -> shop.ledger().inFlight() == 0);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s");
            Thread.sleep(5);
        }
    }

    private int status(String path, String requestId) {
        try {
            return get(path, requestId).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private String body(String userId) {
        List<String> orderIds = shop.data().openOrders(userId).stream().map(Order::id).toList();
        return Json.writeString(new PaymentRequest(userId, orderIds, shop.data().totalFor(userId)));
    }

    private HttpResponse<byte[]> get(String path, String requestId) throws IOException, InterruptedException {
        return http.send(request(path, requestId).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> pay(String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(ShopApi.PAYMENTS_PATH, "r-pay").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header(ShopApi.IDEMPOTENCY_KEY_HEADER, key);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path, String requestId) {
        return HttpRequest.newBuilder(shop.baseUri().resolve(path)).header(ShopApi.REQUEST_ID_HEADER, requestId);
    }
}
