package dev.asyncrosetta.futures;

import static dev.asyncrosetta.futures.InFlightTest.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call asked while the service closes fails its future; it never throws at the workflow. */
class FuturesShopClientTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final FuturesShopClient shop = new FuturesShopClient(nobodyListens(), Duration.ofSeconds(1), timer, workers);

    @AfterEach
    void release() throws InterruptedException {
        shop.close();
        timer.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallAfterCloseFailsWithTheClosedServiceError() {
        shop.close();
        AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();

        assertThatCode(() -> call.set(shop.user("r-1", "u-0001"))).doesNotThrowAnyException();

        assertThat(failureOf(call.get())).isInstanceOf(IllegalStateException.class)
                .hasMessage("the checkout service is closed");
    }

    /** close() shuts the timer after cancelling the checkouts: a call that loses that race has no timer for its timeout. */
    @Test
    void aCallWhoseTimeoutTheTimerRefusesFailsInsteadOfThrowing() {
        timer.shutdown();
        AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();

        assertThatCode(() -> call.set(shop.user("r-1", "u-0001"))).doesNotThrowAnyException();

        assertThat(call.get()).failsWithin(Duration.ofSeconds(5));
    }

    private static URI nobodyListens() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
