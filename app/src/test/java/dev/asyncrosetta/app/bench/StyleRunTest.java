package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One run against the bench's shop, with services made up for the test: what a run reports about them. */
@Timeout(120)
class StyleRunTest {
    private static final Workload.Plan SHORT = new Workload.Plan(4, Duration.ofMillis(100), Duration.ofMillis(200), true);
    private static ShopProcess shop;

    @BeforeAll
    static void startShop() {
        shop = ShopProcess.start(ShopData.DEFAULT_SEED);
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    /** Checkouts that never end: the run must say so, and show where the threads stood, rather than publish an empty row. */
    @Test
    void aStyleWhoseCheckoutsStopMovingIsAProblemNotAnEmptyRow() {
        StringWriter err = new StringWriter();
        Result result = run(new Made("never ends", request -> new CompletableFuture<>()), err);

        assertThat(result.succeeded()).isZero();
        assertThat(result.problem()).startsWith("no checkout ended in the ").contains("with 4 in flight", "the shop received 0 calls")
                .containsAnyOf("it printed nothing besides its answers", "its last lines: ");
        assertThat(err.toString()).contains("never ends: no checkout ended", "every thread then:", "bench-load ");
    }

    @Test
    void aStyleWhoseCheckoutsEndHasNoProblem() {
        StringWriter err = new StringWriter();
        Result result = run(new Made("ends at once", request -> CompletableFuture.completedFuture(
                Receipt.nothingToPay(request.requestId(), new User(request.userId(), "someone", "someone@example.com")))), err);

        assertThat(result.succeeded()).isPositive();
        assertThat(result.problem()).isNull();
        assertThat(err.toString()).doesNotContain("no checkout ended");
    }

    private static Result run(CheckoutStyle style, StringWriter err) {
        try (Progress progress = new Progress(new PrintWriter(err, true), Duration.ofSeconds(1))) {
            List<String> users = ShopData.generate(ShopData.DEFAULT_SEED).payingUsers(n -> n == Workload.OPEN_ORDERS)
                    .stream().map(User::id).toList();
            return new StyleRun(shop, new ClientMeter(true), progress, users)
                    .run(style, Workload.W2, SHORT, new LoadMode.ClosedLoop(SHORT.inFlight()), 1, Duration.ofMillis(100));
        }
    }

    private record Made(String name, java.util.function.Function<dev.asyncrosetta.model.CheckoutRequest, CompletableFuture<Receipt>> checkout)
            implements CheckoutStyle {
        @Override
        public String summary() {
            return name;
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
            return new CheckoutService() {
                @Override
                public CompletableFuture<Receipt> checkout(dev.asyncrosetta.model.CheckoutRequest request) {
                    return Made.this.checkout.apply(request);
                }

                @Override
                public void close() {}
            };
        }
    }
}
