package dev.asyncrosetta.backend;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The faults that break HTTP itself (framing, status line, connection), seen from raw sockets and the JDK client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class ShopProtocolFaultsTest {
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
    void stallBodySendsTheHeadAndHalfTheBodyAndStaysInFlightUntilTheClientCloses() throws Exception {
        User user = shop.data().userWithOpenOrders(2, 6);
        shop.addFault(FaultRule.parse("payment#r-stall=stall-body"));
        String body = paymentBody(user.id());

        try (Socket socket = connect()) {
            send(socket, "POST " + ShopApi.PAYMENTS_PATH + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: r-stall\r\n"
                    + "Idempotency-Key: key-stall\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            byte[] received = readUntilSilent(socket, Duration.ofMillis(500));
            String text = new String(received, US_ASCII);
            int headEnd = text.indexOf("\r\n\r\n");
            assertThat(headEnd).as("the head arrived").isPositive();
            String head = text.substring(0, headEnd);
            int promised = Integer.parseInt(header(head, "Content-Length"));
            int bodyBytes = received.length - headEnd - 4;

            assertThat(head).startsWith("HTTP/1.1 201 ");
            assertThat(bodyBytes).as("half the body, then nothing").isEqualTo(promised / 2).isPositive().isLessThan(promised);
            assertThat(shop.ledger().calls("r-stall")).extracting(Call::ending).containsExactly(Ending.IN_FLIGHT);
            assertThat(shop.ledger().charges("r-stall")).as("the work was done").hasSize(1);
        }
        waitUntil(() -> shop.ledger().inFlight("r-stall") == 0);
        assertThat(shop.ledger().calls("r-stall")).extracting(Call::ending).containsExactly(Ending.ABORTED_BY_CLIENT);
    }

    @Test
    void dropClosesTheConnectionBeforeAnyByte() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-drop=drop"));

        byte[] received;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-drop"));
            received = readToEnd(socket);
        }

        assertThat(received).as("not one byte before the end of the stream").isEmpty();
        assertThat(shop.ledger().calls("r-drop")).extracting(Call::ending, Call::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Ending.RESET_BY_SERVER, 0));
    }

    @Test
    void redirectPointsBackAtTheSameUriWithoutDoingTheWork() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-redirect=redirect"));
        shop.addFault(FaultRule.parse("payment#r-redirect=redirect"));
        String path = "/users/" + user.id();

        HttpResponse<String> read = http.send(request(path, "r-redirect").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> payment = http.send(request(ShopApi.PAYMENTS_PATH, "r-redirect")
                .header(ShopApi.IDEMPOTENCY_KEY_HEADER, "key-redirect")
                .POST(HttpRequest.BodyPublishers.ofString(paymentBody(user.id()))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(302);
        assertThat(read.headers().firstValue("Location")).contains(shop.baseUri().resolve(path).toString());
        assertThat(read.body()).contains("injected_redirect");
        assertThat(payment.statusCode()).isEqualTo(302);
        assertThat(payment.headers().firstValue("Location")).contains(shop.baseUri().resolve(ShopApi.PAYMENTS_PATH).toString());
        assertThat(shop.ledger().charges()).as("nothing charged").isEmpty();
        assertThat(shop.ledger().calls("r-redirect")).extracting(Call::route, Call::ending, Call::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Route.USER, Ending.ANSWERED, 302),
                org.assertj.core.groups.Tuple.tuple(Route.PAYMENT, Ending.ANSWERED, 302));
    }

    @Test
    void aClientThatFollowsTheRedirectCallsTheSameRouteAgain() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-follow@1=redirect"));

        // Followed by hand: the test JVM runs with jdk.httpclient.redirects.retrylimit=1 (the parent
        // POM), which also stops java.net.http from following a redirect on its own.
        HttpResponse<byte[]> redirect = http.send(request("/users/" + user.id(), "r-follow").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        HttpResponse<byte[]> followed = http.send(HttpRequest.newBuilder(location)
                .header(ShopApi.REQUEST_ID_HEADER, "r-follow").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(Json.user(followed.body())).isEqualTo(user);
        assertThat(shop.ledger().calls("r-follow")).extracting(Call::attempt, Call::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 302), org.assertj.core.groups.Tuple.tuple(2, 200));
    }

    @Test
    void informationalSendsAnInterimAnswerThenTheRealOne() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-info=informational"));
        shop.addFault(FaultRule.parse("user#r-info-raw=informational"));

        HttpResponse<byte[]> response = http.send(request("/users/" + user.id(), "r-info").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String raw;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-info-raw", "Connection: close\r\n"));
            raw = new String(readToEnd(socket), US_ASCII);
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Json.user(response.body())).isEqualTo(user);
        assertThat(shop.ledger().calls("r-info")).extracting(Call::ending, Call::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Ending.ANSWERED, 200));
        assertThat(raw).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n");
        assertThat(raw).endsWith(Json.writeString(user));
    }

    @Test
    void paddedFillsTheBodyWithSpacesToExactlyTheSize() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-padded=padded:17MiB"));
        shop.addFault(FaultRule.parse("user#r-short=padded:10B"));
        byte[] json = Json.write(user);

        HttpResponse<byte[]> padded = http.send(request("/users/" + user.id(), "r-padded").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> tooShort = http.send(request("/users/" + user.id(), "r-short").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(padded.statusCode()).isEqualTo(200);
        assertThat(padded.body()).hasSize(17 * 1024 * 1024);
        assertThat(padded.headers().firstValueAsLong("Content-Length")).hasValue(17L * 1024 * 1024);
        assertThat(Arrays.copyOf(padded.body(), json.length)).isEqualTo(json);
        byte[] tail = Arrays.copyOfRange(padded.body(), json.length, padded.body().length);
        assertThat(countNot((byte) ' ', tail)).as("only spaces after the JSON").isZero();
        assertThat(Json.user(padded.body())).isEqualTo(user);
        assertThat(tooShort.body()).as("shorter than the JSON: the JSON alone").isEqualTo(json);
        assertThat(shop.ledger().calls("r-padded")).extracting(Call::ending).containsExactly(Ending.ANSWERED);
    }

    @Test
    void paddedChunkedSendsTheSameBodyWithNoLength() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-chunked=padded-chunked:17MiB"));

        HttpResponse<byte[]> padded = http.send(request("/users/" + user.id(), "r-chunked").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(padded.statusCode()).isEqualTo(200);
        assertThat(padded.headers().firstValue("Content-Length")).isEmpty();
        assertThat(padded.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(padded.body()).hasSize(17 * 1024 * 1024);
        assertThat(Json.user(padded.body())).isEqualTo(user);
    }

    @Test
    void paddedStillWaitsForTheLatency() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.latency(Duration.ofMillis(300));
        shop.addFault(FaultRule.parse("user#r-padded-late=padded:1MiB"));

        long start = System.nanoTime();
        HttpResponse<byte[]> padded = http.send(request("/users/" + user.id(), "r-padded-late").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(padded.body()).hasSize(1024 * 1024);
    }

    @Test
    void bigHeaderAddsAPaddingHeaderOfThatSize() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-header=big-header:64KiB"));
        shop.addFault(FaultRule.parse("user#r-header-raw=big-header:512KiB"));

        HttpResponse<byte[]> response = http.send(request("/users/" + user.id(), "r-header").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String raw;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-header-raw", "Connection: close\r\n"));
            raw = new String(readToEnd(socket), US_ASCII);
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Padding")).hasValueSatisfying(value -> {
            assertThat(value).hasSize(64 * 1024);
            assertThat(value.chars().allMatch(c -> c == 'a')).isTrue();
        });
        assertThat(Json.user(response.body())).isEqualTo(user);
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(head).startsWith("HTTP/1.1 200 OK");
        assertThat(header(head, "X-Padding")).as("the server sends 512 KiB of header").isEqualTo("a".repeat(512 * 1024));
        assertThat(raw).endsWith(Json.writeString(user));
    }

    @Test
    void badStatusLinePutsExactlyThoseBytesOnTheWire() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-garbled=bad-status-line"));
        shop.addFault(FaultRule.parse("user#r-garbled-jdk=bad-status-line"));

        byte[] received;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-garbled"));
            received = readToEnd(socket);
        }

        assertThat(new String(received, US_ASCII))
                .isEqualTo("HTTP/1.1 2x0 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        assertThatThrownBy(() -> http.send(request("/users/" + user.id(), "r-garbled-jdk").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
        assertThat(shop.ledger().calls("r-garbled")).extracting(Call::ending, Call::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Ending.GARBLED_BY_SERVER, 0));
        assertThat(shop.ledger().calls("r-garbled-jdk")).extracting(Call::ending).containsExactly(Ending.GARBLED_BY_SERVER);
    }

    @Test
    void badChunkPutsExactlyThoseBytesOnTheWire() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-chunk=bad-chunk"));
        shop.addFault(FaultRule.parse("user#r-chunk-jdk=bad-chunk"));

        byte[] received;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-chunk"));
            received = readToEnd(socket);
        }

        assertThat(new String(received, US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertThatThrownBy(() -> http.send(request("/users/" + user.id(), "r-chunk-jdk").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
        assertThat(shop.ledger().calls("r-chunk")).extracting(Call::ending, Call::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Ending.GARBLED_BY_SERVER, 0));
        assertThat(shop.ledger().calls("r-chunk-jdk")).extracting(Call::ending).containsExactly(Ending.GARBLED_BY_SERVER);
    }

    @Test
    void badHeaderNamePutsExactlyThoseBytesOnTheWire() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.parse("user#r-name=bad-header-name"));
        shop.addFault(FaultRule.parse("user#r-name-jdk=bad-header-name"));

        byte[] received;
        try (Socket socket = connect()) {
            send(socket, get("/users/" + user.id(), "r-name"));
            received = readToEnd(socket);
        }

        assertThat(new String(received, US_ASCII))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX(A): a\r\nContent-Length: 2\r\n\r\n{}");
        assertThatThrownBy(() -> http.send(request("/users/" + user.id(), "r-name-jdk").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(java.net.ProtocolException.class);
        assertThat(shop.ledger().calls("r-name")).extracting(Call::ending).containsExactly(Ending.GARBLED_BY_SERVER);
    }

    private static long countNot(byte expected, byte[] bytes) {
        long count = 0;
        for (byte b : bytes) if (b != expected) count++;
        return count;
    }

    private String paymentBody(String userId) {
        List<String> orderIds = shop.data().openOrders(userId).stream().map(Order::id).toList();
        return Json.writeString(new PaymentRequest(userId, orderIds, shop.data().totalFor(userId)));
    }

    private HttpRequest.Builder request(String path, String requestId) {
        return HttpRequest.newBuilder(shop.baseUri().resolve(path)).header(ShopApi.REQUEST_ID_HEADER, requestId);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(shop.baseUri().getHost(), shop.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String get(String path, String requestId, String... moreHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + ShopApi.REQUEST_ID_HEADER + ": " + requestId + "\r\n"
                + String.join("", moreHeaders) + "\r\n";
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Everything until the shop closes the connection (a reset counts as the end too). */
    private static byte[] readToEnd(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (SocketException reset) {
            // the end of the stream, the hard way
        }
        return out.toByteArray();
    }

    /** Everything that arrives until nothing more has come for {@code quiet}; the connection must stay open. */
    private static byte[] readUntilSilent(Socket socket, Duration quiet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) throw new AssertionError("the shop closed the connection");
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException silent) {
            return out.toByteArray();
        }
    }

    private static String header(String head, String name) {
        return head.lines()
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " header in " + head.substring(0, Math.min(200, head.length()))));
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s");
            Thread.sleep(5);
        }
    }
}
