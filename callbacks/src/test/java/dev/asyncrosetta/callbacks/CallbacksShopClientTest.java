package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the workflow relies on Jetty for, checked against the shop's ledger: the request timeout and
 * an abort both end the exchange for real, a broken answer is reported once and not retried behind
 * the workflow's back, and every callback runs on the style's own named threads.
 */
class CallbacksShopClientTest {
    private static ShopBackend shop;

    private final ScheduledThreadPoolExecutor timer = CallbacksStyle.newTimer();
    private CallbacksShopClient client;

    /**
     * The first call in a fresh JVM pays for class loading and the JIT on both sides of the wire, which
     * on a busy 2-core machine has taken longer than a test's call timeout (as the contract's warm-up
     * says). One patient call pays it here, before any test, and checks nothing.
     */
    @BeforeAll
    static void startAndWarmUpShop() throws InterruptedException {
        shop = ShopBackend.start();
        ScheduledThreadPoolExecutor warmUpTimer = CallbacksStyle.newTimer();
        CallbacksShopClient warmUp = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(60), warmUpTimer);
        try {
            Recorded<User> user = new Recorded<>();
            warmUp.user(newRequestId(), shop.data().userWithOpenOrders(1, 6).id(), Context.root(), user);
            user.reported.await(60, TimeUnit.SECONDS);
        } finally {
            warmUp.close();
            warmUpTimer.shutdownNow();
            shop.reset();
        }
    }

    @AfterEach
    void closeClientAndResetShop() {
        CallTrace.listen(null);
        if (client != null) {
            client.close(); // the rule's own test opens none
        }
        timer.shutdownNow();
        shop.reset();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void theRequestTimeoutAbortsTheExchange() throws InterruptedException {
        Duration callTimeout = Duration.ofMillis(300);
        client = new CallbacksShopClient(shop.baseUri(), callTimeout, timer);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        Recorded<User> user = new Recorded<>();
        client.user(requestId, shop.data().userWithOpenOrders(1, 6).id(), Context.root(), user);

        assertThat(user.failure()).isInstanceOfSatisfying(CallFailure.class,
                timeout -> assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(user.thread).as("Jetty expires request timeouts on the style's timer").startsWith("callbacks-timer-");
        assertThat(settled(requestId)).singleElement().satisfies(call -> {
            assertThat(call.ending()).as("the exchange was really aborted").isEqualTo(Ending.ABORTED_BY_CLIENT);
            assertThat(call.duration()).isGreaterThanOrEqualTo(callTimeout.minusMillis(100));
        });
    }

    @Test
    void anAbortEndsEveryExchangeAndIsNoCallFailure() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        List<String> orderIds = orderIds(3);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        List<Recorded<OrderDetails>> details = new ArrayList<>();
        List<Abortable> calls = new ArrayList<>();
        for (String orderId : orderIds) {
            Recorded<OrderDetails> answer = new Recorded<>();
            details.add(answer);
            calls.add(client.details(requestId, orderId, Context.root(), answer));
        }
        waitFor(() -> shop.ledger().calls(requestId).size() == orderIds.size());
        calls.forEach(Abortable::abort);

        for (Recorded<OrderDetails> call : details) {
            assertThat(call.failure()).as("an abort is the checkout's decision, not the shop's failure")
                    .isInstanceOf(CancellationException.class);
        }
        assertThat(settled(requestId)).hasSize(orderIds.size()).extracting(Call::ending).containsOnly(Ending.ABORTED_BY_CLIENT);
        assertThat(traced).as("the trace's label for an abort, the same in every style")
                .hasSize(orderIds.size()).extracting(CallTrace.Call::outcome).containsOnly("aborted");
    }

    /**
     * What the workflow holds for each call in flight is the handle its port returned: for every one
     * of the four calls, aborting that handle ends the exchange on the wire, not just the interest in
     * its answer (no contract scenario stops a checkout during its orders call, so this is where that
     * call's handle is checked).
     */
    @ParameterizedTest
    @EnumSource(Step.class)
    void everyCallsHandleAbortsItsOwnExchange(Step step) throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        User user = shop.data().userWithOpenOrders(1, 6);
        String orderId = shop.data().openOrders(user.id()).get(0).id();
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.of(step), Fault.hang()).forRequest(requestId));

        Recorded<Object> answer = new Recorded<>();
        Abortable call = switch (step) {
            case USER -> client.user(requestId, user.id(), Context.root(), answer.as());
            case ORDERS -> client.orders(requestId, user.id(), Context.root(), answer.as());
            case DETAILS -> client.details(requestId, orderId, Context.root(), answer.as());
            case PAYMENT -> client.pay(requestId, new PaymentRequest(user.id(), List.of(orderId), 100), Context.root(), answer.as());
        };
        waitFor(() -> shop.ledger().inFlight(requestId) == 1);
        call.abort();

        assertThat(answer.failure()).isInstanceOf(CancellationException.class);
        assertThat(settled(requestId)).singleElement().extracting(Call::ending).isEqualTo(Ending.ABORTED_BY_CLIENT);
    }

    /**
     * A call made once close() has begun is refused before it reaches Jetty (SendGate): reported at once
     * as a cancellation, like an abort, and traced as one; the shop never sees it. A stopped Jetty would
     * fail it its own way instead, with an exception that is neither an abort nor a CallFailure.
     */
    @Test
    void aCallAfterCloseIsRefusedBeforeItReachesJettyAndTracedAsAnAbort() throws InterruptedException {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer, new CheckoutTracing("callbacks", openTelemetry));
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        String requestId = newRequestId();
        client.close();

        Recorded<User> user = new Recorded<>();
        client.user(requestId, shop.data().userWithOpenOrders(1, 6).id(), Context.root(), user);

        assertThat(user.failure()).isInstanceOf(CancellationException.class).hasMessage("the checkout service was closed");
        assertThat(traced).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo(requestId);
            assertThat(call.outcome()).isEqualTo("aborted");
        });
        assertThat(spans.getFinishedSpanItems()).as("the refused call's attempt span, ended").singleElement().satisfies(attempt -> {
            assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(attempt.getAttributes().get(CheckoutTracing.ERROR_TYPE)).isEqualTo("aborted");
        });
        assertThat(shop.ledger().calls(requestId)).as("the shop never saw it").isEmpty();
    }

    /**
     * Jetty's threads are daemons, as java.net.http's are: a program that forgets close() can still
     * exit. Jetty's own default is the opposite, so its pool is told.
     */
    @Test
    void jettysThreadsNeverKeepTheJvmAlive() {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);

        List<Thread> jettys = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("callbacks-jetty")).toList();

        assertThat(jettys).as("Jetty's threads, started with the client").isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.isDaemon()).as("%s is a daemon", thread.getName()).isTrue());
    }

    @Test
    void aConnectionResetMidAnswerIsOneConnectionFailureThatJettyDoesNotRetry() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempt(1));

        Recorded<User> user = new Recorded<>();
        client.user(requestId, shop.data().userWithOpenOrders(1, 6).id(), Context.root(), user);

        assertThat(user.failure()).isInstanceOfSatisfying(CallFailure.class,
                reset -> assertThat(reset.kind()).isEqualTo(Kind.CONNECTION));
        assertThat(settled(requestId)).as("retrying is the workflow's decision alone")
                .extracting(Call::ending).containsExactly(Ending.RESET_BY_SERVER);
    }

    @Test
    void answersAreHandledOnJettysNamedThreadsAndTraced() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        User expected = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();

        Recorded<User> user = new Recorded<>();
        client.user(requestId, expected.id(), Context.root(), user);

        assertThat(user.value()).isEqualTo(expected);
        assertThat(user.thread).startsWith("callbacks-jetty-");
        assertThat(traced).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo(requestId);
            assertThat(call.outcome()).isEqualTo("200");
            assertThat(call.answerThread()).startsWith("callbacks-jetty-");
        });
    }

    /** The one rule of CallFailure's javadoc, for the failures Jetty reports as an exchange's. */
    @Test
    void everyTransportFailureIsTranslatedByTheOneRuleAndABugIsLeftAsItIs() {
        assertThat(kindOf(new TimeoutException("Total timeout 1000 ms elapsed"))).isEqualTo(Kind.TIMEOUT);
        assertThat(kindOf(new SocketTimeoutException("Connect Timeout"))).as("a connect timeout is the call's timeout")
                .isEqualTo(Kind.TIMEOUT);
        assertThat(kindOf(new ConnectException("Connection refused"))).isEqualTo(Kind.CONNECTION);
        assertThat(kindOf(new EOFException("HttpConnectionOverHTTP@1::SocketChannelEndPoint@2"))).isEqualTo(Kind.CONNECTION);
        assertThat(kindOf(new HttpResponseException("HTTP protocol violation: bad response on HttpConnectionOverHTTP@1", null,
                new BadMessageException(431, "Response Header Fields Too Large")))).isEqualTo(Kind.MALFORMED_RESPONSE);

        CallFailure tooLarge = CallFailure.tooLarge(ShopApi.MAX_ANSWER_BYTES + 1L);
        CancellationException aborted = new CancellationException("aborted by the checkout");
        IllegalStateException bug = new IllegalStateException("a bug in the style or its library");
        NullPointerException anotherBug = new NullPointerException();
        assertThat(CallbacksShopClient.asCallFailure(tooLarge)).isSameAs(tooLarge);
        assertThat(CallbacksShopClient.asCallFailure(aborted)).as("the checkout's own abort").isSameAs(aborted);
        assertThat(CallbacksShopClient.asCallFailure(bug)).as("a bug, not a flaky shop").isSameAs(bug);
        assertThat(CallbacksShopClient.asCallFailure(anotherBug)).isSameAs(anotherBug);
    }

    /** Jetty's read into a buffer released under it is the connection failing; the same exception elsewhere is a bug. */
    @Test
    void aReadIntoAReleasedBufferIsAConnectionFailureAndOnlyThere() {
        IllegalArgumentException inTheRead = new IllegalArgumentException("newPosition > limit: (147 > 0)");
        inTheRead.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("java.nio.Buffer", "position", "Buffer.java", 326),
                new StackTraceElement("org.eclipse.jetty.io.SocketChannelEndPoint", "fill", "SocketChannelEndPoint.java", 84)});
        IllegalArgumentException elsewhere = new IllegalArgumentException("newPosition > limit: (147 > 0)");
        elsewhere.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("dev.asyncrosetta.callbacks.CallbacksCheckout", "run", "CallbacksCheckout.java", 1)});

        assertThat(kindOf(inTheRead)).isEqualTo(Kind.CONNECTION);
        assertThat(CallbacksShopClient.asCallFailure(elsewhere)).as("a bug, not a flaky shop").isSameAs(elsewhere);
    }

    /**
     * An answer that does not say its length (chunked) and goes on past ShopApi.MAX_ANSWER_BYTES is
     * refused once the bytes received pass the limit, not buffered whole and then refused; and as a
     * malformed answer, which nobody retries, not as a connection failure.
     */
    @Test
    void aChunkedAnswerOverTheLimitIsRefusedWhileItArrives() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> answerChunkedForever(server));
            client = new CallbacksShopClient(URI.create("http://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(10), timer);

            Recorded<User> user = new Recorded<>();
            client.user(newRequestId(), "u-0001", Context.root(), user);

            assertThat(user.failure()).isInstanceOfSatisfying(CallFailure.class,
                    tooLarge -> assertThat(tooLarge.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
            assertThat(sent.get(10, TimeUnit.SECONDS)).as("bytes sent before the client closed the connection")
                    .isLessThan(2L * ShopApi.MAX_ANSWER_BYTES);
        }
    }

    /**
     * ShopApi.MAX_HEADER_BYTES is Jetty's limit to the byte: a head of exactly that size, as Jetty
     * counts it, is read, and one byte more is refused as MALFORMED_RESPONSE. C32 checks heads far on
     * either side (256 and 512 KiB); this pins the limit itself, which every other style's client is
     * set to match. Jetty 12.1 counts from the space after the status line's version through the blank
     * line that ends the head: its parser reads the version ("HTTP/1.1") as one 8-byte word, uncounted
     * (HttpParser.quickStartResponseLine; measured, the largest head it reads is the limit plus 8 bytes).
     */
    @ParameterizedTest(name = "a head {0} byte(s) over the limit is read: {1}")
    @CsvSource({"-1, true", "0, true", "1, false"})
    void aHeadIsReadUpToTheLimitToTheByte(int overTheLimit, boolean read) throws Exception {
        User user = new User("u-0001", "Ada", "ada@example.org");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answered = CompletableFuture.runAsync(
                    () -> answerWithAHeadOf(server, ShopApi.MAX_HEADER_BYTES + overTheLimit, Json.write(user)));
            client = new CallbacksShopClient(URI.create("http://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(10), timer);

            Recorded<User> fetched = new Recorded<>();
            client.user(newRequestId(), user.id(), Context.root(), fetched);

            if (read) {
                assertThat(fetched.value()).isEqualTo(user);
            } else {
                assertThat(fetched.failure()).isInstanceOfSatisfying(CallFailure.class,
                        tooLarge -> assertThat(tooLarge.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
            }
            answered.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Answers one request with a head of {@code countedBytes} bytes as Jetty counts them (padded by one
     * header), then {@code body}.
     */
    private static void answerWithAHeadOf(ServerSocket server, int countedBytes, byte[] body) {
        String uncounted = "HTTP/1.1";
        String head = uncounted + " 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nX-Padding: ";
        String end = "\r\n\r\n";
        String padded = head + "a".repeat(uncounted.length() + countedBytes - head.length() - end.length()) + end;
        try (Socket socket = server.accept()) {
            BufferedReader request = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (!request.readLine().isEmpty()) {
                // the request's head: nothing in it matters here
            }
            OutputStream out = socket.getOutputStream();
            out.write(padded.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes(); // until the client closes: it has read what it wanted by then
        } catch (IOException closedByTheClient) {
            // a refused head: the client closed the connection, perhaps while this was writing
        }
    }

    /** Answers one request with chunks of spaces until the client closes the connection; returns the bytes sent. */
    private static long answerChunkedForever(ServerSocket server) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try (Socket socket = server.accept()) {
            BufferedReader head = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (!head.readLine().isEmpty()) {
                // the request's head: nothing in it matters here
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            while (sent < 4L * ShopApi.MAX_ANSWER_BYTES) {
                out.write(chunkHead);
                out.write(chunk);
                out.write(CRLF);
                sent += chunk.length;
            }
        } catch (IOException closedByTheClient) {
            // what the test expects: the client stopped reading and closed the connection
        }
        return sent;
    }

    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private static Kind kindOf(Throwable jettyFailure) {
        Throwable translated = CallbacksShopClient.asCallFailure(jettyFailure);
        assertThat(translated).as("%s, translated", jettyFailure).isInstanceOf(CallFailure.class);
        return ((CallFailure) translated).kind();
    }

    /** A callback the test can wait on: what it was told, and on which thread. */
    private static final class Recorded<T> implements Promise<T> {
        private final CountDownLatch reported = new CountDownLatch(1);
        private volatile T value;
        private volatile Throwable failure;
        private volatile String thread;

        @Override
        public void succeeded(T value) {
            this.value = value;
            report();
        }

        @Override
        public void failed(Throwable failure) {
            this.failure = failure;
            report();
        }

        /** This callback, for a call that answers some other type; the test reads only the failure. */
        @SuppressWarnings("unchecked")
        <U> Promise<U> as() {
            return (Promise<U>) this;
        }

        private void report() {
            thread = Thread.currentThread().getName();
            reported.countDown();
        }

        T value() throws InterruptedException {
            await();
            assertThat(failure).as("failure").isNull();
            return value;
        }

        Throwable failure() throws InterruptedException {
            await();
            assertThat(failure).as("failure").isNotNull();
            return failure;
        }

        private void await() throws InterruptedException {
            assertThat(reported.await(10, TimeUnit.SECONDS)).as("reported within 10 s").isTrue();
        }
    }

    private static List<Call> settled(String requestId) throws InterruptedException {
        waitFor(() -> shop.ledger().inFlight(requestId) == 0);
        return shop.ledger().calls(requestId);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
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
