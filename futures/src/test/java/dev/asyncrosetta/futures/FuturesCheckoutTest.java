package dev.asyncrosetta.futures;

import static dev.asyncrosetta.futures.InFlightTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the contract cannot see from outside: which thread close() runs on, and the failures it cannot provoke. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuturesCheckoutTest {
    private static final CheckoutPolicy POLICY = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5));
    /** Well under the 5 s close() would spend waiting for the very pool it runs on, and ample on a busy machine. */
    private static final Duration CLOSE_PROMPTLY = Duration.ofSeconds(3);
    private ShopBackend shop;

    @BeforeAll
    void startShop() {
        shop = ShopBackend.start();
    }

    @AfterEach
    void resetShop() {
        CallTrace.listen(null);
        shop.reset();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    /** How close() went when a callback of the checkout's own future called it. */
    record Closing(String thread, Duration took, boolean leftInterrupted) {}

    /**
     * A worker completes a checkout that succeeds. close() from there cannot wait for the workers to
     * end (it runs on one), and must not interrupt the caller's own thread either.
     */
    @Test
    void closeFromTheWorkerThatCompletedTheCheckout() throws Exception {
        FuturesCheckout service = new FuturesCheckout(shop.baseUri(), POLICY);
        CompletableFuture<Receipt> checkout = service.checkout(request("close-on-worker"));

        Closing closing = closeFromCallbackOf(checkout, service).get(30, TimeUnit.SECONDS);

        assertThat(checkout).isCompleted();
        assertThat(closing.thread()).startsWith("futures-worker-");
        assertThat(closing.took()).isLessThan(CLOSE_PROMPTLY);
        assertThat(closing.leftInterrupted()).as("close() interrupted its own caller").isFalse();
    }

    /** The timer completes a checkout at its deadline; close() from there must not wait for the timer it runs on. */
    @Test
    void closeFromTheTimerThatFiredTheDeadline() throws Exception {
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()));
        FuturesCheckout service = new FuturesCheckout(shop.baseUri(), POLICY.withDeadline(Duration.ofMillis(300)));
        CompletableFuture<Receipt> checkout = service.checkout(request("close-on-timer"));

        Closing closing = closeFromCallbackOf(checkout, service).get(30, TimeUnit.SECONDS);

        assertThat(failureOf(checkout)).isInstanceOf(DeadlineExceededException.class);
        assertThat(closing.thread()).startsWith("futures-timer-");
        assertThat(closing.took()).isLessThan(CLOSE_PROMPTLY);
        assertThat(closing.leftInterrupted()).as("close() interrupted its own caller").isFalse();
    }

    /** A connect that never completes (the server's accept queue is full) runs out the callTimeout: TIMEOUT. */
    @Test
    void aConnectTimeoutIsATimeout() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queue = fillAcceptQueue(neverAccepts);
            CheckoutPolicy policy = POLICY.withCallTimeout(Duration.ofMillis(300));
            try (FuturesCheckout service = new FuturesCheckout(URI.create("http://127.0.0.1:" + neverAccepts.getLocalPort()), policy)) {
                Throwable failure = failureOf(service.checkout(request("connect-timeout")));

                assertThat(failure).isInstanceOfSatisfying(DownstreamException.class, downstream -> {
                    assertThat(downstream.step()).isEqualTo(Step.USER);
                    assertThat(downstream.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(downstream.attempts()).isEqualTo(policy.maxAttempts());
                });
            } finally {
                for (Socket socket : queue) socket.close();
            }
        }
    }

    /**
     * A bug on the answer's path (here the trace listener throws) is no CallFailure: the caller gets
     * that very exception, after one call, not a retried "flaky shop".
     */
    @Test
    void aBugOnTheAnswersPathReachesTheCallerAsItIsAndIsNotRetried() {
        NullPointerException bug = new NullPointerException("a bug in the answer's path");
        CallTrace.listen(call -> {
            throw bug;
        });
        String requestId = "bug-" + System.nanoTime();
        try (FuturesCheckout service = new FuturesCheckout(shop.baseUri(), POLICY)) {
            Throwable failure = failureOf(service.checkout(new CheckoutRequest(user(), requestId)));

            assertThat(failure).isSameAs(bug);
        }
        assertThat(shop.ledger().calls(requestId)).as("calls: the first one only").hasSize(1);
    }

    private static CompletableFuture<Closing> closeFromCallbackOf(CompletableFuture<Receipt> checkout, FuturesCheckout service) {
        CompletableFuture<Closing> closing = new CompletableFuture<>();
        checkout.whenComplete((receipt, failure) -> {
            long start = System.nanoTime();
            try {
                service.close();
                closing.complete(new Closing(Thread.currentThread().getName(), Duration.ofNanos(System.nanoTime() - start),
                        Thread.currentThread().isInterrupted()));
            } catch (Throwable e) {
                closing.completeExceptionally(e);
            }
        });
        return closing;
    }

    /** Connects until the kernel stops completing connects: it queues backlog + 1, then drops the SYNs. */
    private static List<Socket> fillAcceptQueue(ServerSocket server) throws Exception {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(server.getLocalSocketAddress(), 200);
                queued.add(socket);
            } catch (SocketTimeoutException full) {
                socket.close();
                return queued;
            }
        }
        throw new IllegalStateException("the accept queue never filled: " + queued.size() + " connects completed");
    }

    private CheckoutRequest request(String scenario) {
        return new CheckoutRequest(user(), scenario + "-" + System.nanoTime());
    }

    private String user() {
        return shop.data().userWithOpenOrders(2, 6).id();
    }
}
