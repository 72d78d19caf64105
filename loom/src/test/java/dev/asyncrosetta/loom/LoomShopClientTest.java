package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Outcomes;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the contract cannot reach from outside: a bug inside the exchange, a connect that hangs, an
 * interrupted call as its trace shows it, and the client's own close with an exchange nobody
 * interrupted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoomShopClientTest {
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

    /**
     * A body handler that throws stands for any bug inside the exchange. {@code HttpClient.send}
     * would turn it into an IOException, which reads as a connection failure and is retried.
     */
    @Test
    void aBugInsideTheExchangeReachesTheCallerUnchangedAndIsNotRetried() throws Exception {
        IllegalStateException bug = new IllegalStateException("a bug in the body handler");
        CheckoutPolicy policy = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(5)).withDeadline(Duration.ofSeconds(10));
        User user = shop.data().userWithOpenOrders(1, 6);
        Threads threads = virtualThreads();
        LoomShopClient buggy = new LoomShopClient(shop.baseUri(), policy.callTimeout(), threads.httpClient(), info -> {
            throw bug;
        });
        try (CheckoutService service = new LoomCheckout(policy, threads, buggy)) {
            CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), "bug-inside"));

            assertThat(Outcomes.cause(checkout)).as("what the caller sees").isSameAs(bug);
            assertThat(Traffic.settled(shop.ledger(), "bug-inside")).as("calls the shop saw: one, not retried")
                    .extracting(Call::route).containsExactly(Route.USER);
        }
    }

    /** JDK 21+'s HttpClient.close() would wait for the exchange, here until its 30 s callTimeout. */
    @Test
    @Timeout(20)
    void closeAbortsAnExchangeNobodyInterruptedRatherThanWaitingForIt() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest("left-running"));
        ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            LoomShopClient client = new LoomShopClient(shop.baseUri(), Duration.ofSeconds(30), httpThreads);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    client.user("left-running", user.id());
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            Waits.until(Duration.ofSeconds(10), () -> shop.ledger().inFlight("left-running") == 1,
                    () -> "calls: " + shop.ledger().calls("left-running"));

            long start = System.nanoTime();
            client.close(Duration.ofSeconds(2));
            Duration closing = Duration.ofNanos(System.nanoTime() - start);

            assertThat(closing).as("close() with an exchange in flight").isLessThan(Duration.ofSeconds(3));
            assertThat(outcome.get(5, TimeUnit.SECONDS)).as("what the call that was left running threw")
                    .isInstanceOfSatisfying(CallFailure.class, failure -> assertThat(failure.kind()).isEqualTo(DownstreamException.Kind.CONNECTION));
            assertThat(Traffic.settled(shop.ledger(), "left-running")).singleElement()
                    .extracting(Call::ending).isEqualTo(Call.Ending.ABORTED_BY_CLIENT);
            Waits.until(Duration.ofSeconds(5), () -> shop.openConnections() == 0, () -> "open connections: " + shop.openConnections());
        } finally {
            httpThreads.shutdownNow();
        }
    }

    /** A thread interrupted while it waits for an answer (a cancel, the deadline, close) aborts the exchange, traced as "aborted". */
    @Test
    @Timeout(20)
    void anInterruptWhileWaitingAbortsTheExchangeAndTracesItAsAborted() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest("interrupted"));
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            LoomShopClient client = new LoomShopClient(shop.baseUri(), Duration.ofSeconds(30), httpThreads);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    client.user("interrupted", user.id());
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            Waits.until(Duration.ofSeconds(10), () -> shop.ledger().inFlight("interrupted") == 1,
                    () -> "calls: " + shop.ledger().calls("interrupted"));

            caller.interrupt();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(Traffic.settled(shop.ledger(), "interrupted")).singleElement()
                    .extracting(Call::ending).isEqualTo(Call.Ending.ABORTED_BY_CLIENT);
            assertThat(traced).singleElement().extracting(CallTrace.Call::outcome).isEqualTo("aborted");
            client.close(Duration.ofSeconds(2));
        } finally {
            httpThreads.shutdownNow();
        }
    }

    /** The rosetta command's timelines read the trace: each call ends in it once, with how it ended. */
    @Test
    @Timeout(20)
    void everyCallIsTracedWithHowItEnded() throws Exception {
        User user = shop.data().userWithOpenOrders(1, 6);
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest("traced-timeout"));
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest("traced-reset"));
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            LoomShopClient patient = new LoomShopClient(shop.baseUri(), Duration.ofSeconds(10), httpThreads);
            LoomShopClient impatient = new LoomShopClient(shop.baseUri(), Duration.ofMillis(300), httpThreads);

            patient.user("traced-answered", user.id());
            assertThatThrownBy(() -> impatient.user("traced-timeout", user.id())).isInstanceOf(CallFailure.class);
            assertThatThrownBy(() -> patient.user("traced-reset", user.id())).isInstanceOf(CallFailure.class);
            patient.close(Duration.ofSeconds(2));
            impatient.close(Duration.ofSeconds(2));

            assertThat(traced).extracting(CallTrace.Call::requestId, CallTrace.Call::outcome).containsExactly(
                    tuple("traced-answered", "200"), tuple("traced-timeout", "TIMEOUT"), tuple("traced-reset", "CONNECTION"));
        } finally {
            httpThreads.shutdownNow();
        }
    }

    /**
     * A listening socket whose accept queue is full: Linux drops further SYNs, so a connect neither
     * succeeds nor is refused. The call timeout ends it, as TIMEOUT (the rule: a connect timeout is
     * a timeout), though the client has no connectTimeout of its own.
     */
    @Test
    void aConnectThatHangsTimesOutAtCallTimeout() throws Exception {
        Duration callTimeout = Duration.ofMillis(300);
        ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket nobodyAccepts = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), nobodyAccepts.getLocalPort());
            assumeTrue(fillAcceptQueue(address, queued), "this OS refuses a connect to a full accept queue instead of ignoring it");
            LoomShopClient client = new LoomShopClient(URI.create("http://127.0.0.1:" + address.getPort()), callTimeout, httpThreads);

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.user("connect-hangs", "u-0001")).isInstanceOfSatisfying(CallFailure.class,
                    failure -> assertThat(failure.kind()).isEqualTo(DownstreamException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed at about callTimeout")
                    .isGreaterThanOrEqualTo(callTimeout.minusMillis(50)).isLessThan(callTimeout.plusSeconds(1));
            client.close(Duration.ofSeconds(2));
        } finally {
            for (Socket socket : queued) socket.close();
            httpThreads.shutdownNow();
        }
    }

    /** Connects until a connect hangs (true), or gives up after a few that were all accepted by the kernel (false). */
    private static boolean fillAcceptQueue(InetSocketAddress address, List<Socket> queued) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 200);
                queued.add(socket);
            } catch (SocketTimeoutException hangs) {
                socket.close();
                return true;
            }
        }
        return false;
    }

    private static Threads virtualThreads() {
        return new Threads(Executors.newVirtualThreadPerTaskExecutor(), Executors.newVirtualThreadPerTaskExecutor(),
                Executors.newVirtualThreadPerTaskExecutor(), Executors.newVirtualThreadPerTaskExecutor(), new ScheduledThreadPoolExecutor(1));
    }

}
