package dev.asyncrosetta.futures;

import io.opentelemetry.context.Context;
import static dev.asyncrosetta.futures.InFlightTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CallTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call asked while the service closes fails its future, never throws at the workflow; a call cancelled is aborted. */
class FuturesShopClientTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final FuturesShopClient shop = new FuturesShopClient(nobodyListens(), Duration.ofSeconds(1), timer, workers, FuturesCheckout.untraced());

    @AfterEach
    void release() throws InterruptedException {
        CallTrace.listen(null);
        shop.close();
        timer.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallAfterCloseFailsWithTheClosedServiceError() {
        shop.close();
        AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();

        assertThatCode(() -> call.set(shop.user(Context.root(), "r-1", "u-0001"))).doesNotThrowAnyException();

        assertThat(failureOf(call.get())).isInstanceOf(IllegalStateException.class)
                .hasMessage("the checkout service is closed");
    }

    /** close() shuts the timer after cancelling the checkouts: a call that loses that race has no timer for its timeout. */
    @Test
    void aCallWhoseTimeoutTheTimerRefusesFailsInsteadOfThrowing() {
        timer.shutdown();
        AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();

        assertThatCode(() -> call.set(shop.user(Context.root(), "r-1", "u-0001"))).doesNotThrowAnyException();

        assertThat(call.get()).failsWithin(Duration.ofSeconds(5));
    }

    /**
     * What the checkout's abort does to a call in flight: cancel(true) on the future the client
     * returned, a stage derived from sendAsync's, reaches the exchange, and the trace says so.
     */
    @Test
    void cancellingTheCallsFutureAbortsTheExchangeAndTracesItAsAborted() {
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        try (ShopBackend backend = ShopBackend.start();
                FuturesShopClient client = new FuturesShopClient(backend.baseUri(), Duration.ofSeconds(30), timer, workers, FuturesCheckout.untraced())) {
            backend.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest("r-abort"));
            CompletableFuture<?> call = client.user(Context.root(), "r-abort", backend.data().userWithOpenOrders(1, 6).id());
            Waits.until(Duration.ofSeconds(10), () -> backend.ledger().inFlight("r-abort") == 1,
                    () -> "calls: " + backend.ledger().calls("r-abort"));

            call.cancel(true);

            assertThat(Traffic.settled(backend.ledger(), "r-abort")).singleElement()
                    .extracting(Call::ending).isEqualTo(Call.Ending.ABORTED_BY_CLIENT);
            assertThat(traced).singleElement().extracting(CallTrace.Call::outcome).isEqualTo("aborted");
        }
    }

    private static URI nobodyListens() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
