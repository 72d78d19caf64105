package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every style passes: scenarios C1-C40 (docs/CONTRACT.md), each checking what the
 * caller sees and what the shop's ledger saw. A style's test extends it naming the style, and
 * declares the threads it runs continuations on:
 *
 * <pre>{@code
 * class FuturesContractTest extends CheckoutContract {
 *     FuturesContractTest() { super("futures"); }
 *     public Predicate<Thread> nonBlockingThreads() { return t -> t.getName().startsWith("futures-"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
public abstract class CheckoutContract
        implements WorkflowScenarios, RetryScenarios, AbortScenarios, FanOutScenarios, PaymentScenarios, RuntimeScenarios,
                TransportScenarios, StopScenarios, ContextScenarios {

    /** A few dozen threads at most: what an async style should need, whatever the load. */
    public static final int ASYNC_THREAD_BOUND = 48;

    private final CheckoutStyle style;
    private final List<CheckoutService> opened = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ShopBackend shop;
    /** C36-C40's: spans go to memory as each ends; W3C trace context only, as a service without other vendors' headers. */
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    /** The style found by this name through ServiceLoader, as a user would find it. */
    protected CheckoutContract(String styleName) {
        this(CheckoutStyle.named(styleName));
    }

    protected CheckoutContract(CheckoutStyle style) {
        this.style = style;
    }

    @BeforeAll
    void startShopAndWarmUp() throws Exception {
        shop = ShopBackend.start();
        WarmUps.once("http " + style.name(), this::warmUp);
    }

    /**
     * The first checkout in a fresh JVM pays for class loading and the JIT on both sides of the wire;
     * on a busy 2-core machine its first call can take longer than C1's one-second call timeout. One
     * patient checkout per style and JVM, before the first scenario, pays that once, and the shop is
     * reset afterwards, so no scenario sees its calls. It checks nothing and changes no check.
     */
    private void warmUp() throws Exception {
        CheckoutPolicy patient = CheckoutPolicy.defaults().withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(60));
        try (CheckoutService service = style.open(shop.baseUri(), patient)) {
            // Its outcome is ignored: a style that cannot check out fails the scenarios, one by one, for the reason.
            service.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(2, 6).id(), newRequestId("warm-up")))
                    .handle((receipt, failure) -> null)
                    .get(60, TimeUnit.SECONDS);
        } finally {
            shop.reset();
        }
    }

    /**
     * Closes what the scenario opened, then checks two promises for every scenario at once: the
     * closed services left no connection to the shop open, and every call of every attempt carried
     * its checkout's X-Request-Id (the shop files a call without one under "-", so that list must be
     * empty). The first puts a leak on the scenario that made it, not on the next one that looks.
     */
    @AfterEach
    void closeServicesAndResetShop() {
        try {
            opened.forEach(CheckoutContract::closeWithin30Seconds);
            if (!opened.isEmpty()) {
                Waits.untilNoConnectionIsOpen(shop);
            }
            assertThat(shop.ledger().callsWithoutRequestId()).as("calls that carried no X-Request-Id").isEmpty();
        } finally {
            opened.clear();
            shop.reset();
            spans.reset();
        }
    }

    /**
     * A style that leaves a request hanging can make close() wait for it forever (JDK 21's
     * HttpClient.close waits for every exchange); that must fail the test, not stall the suite.
     */
    private static void closeWithin30Seconds(CheckoutService service) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closing = new Thread(() -> {
            try {
                service.close();
                closed.complete(null);
            } catch (Throwable failure) {
                closed.completeExceptionally(failure);
            }
        }, "contract-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closed.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("close() did not return within 30 s: " + service);
        } catch (ExecutionException e) {
            throw new AssertionError("close() failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    void stopShop() {
        try {
            shop.close();
        } finally {
            openTelemetry.close();
        }
    }

    @Override
    public ShopBackend shop() {
        return shop;
    }

    @Override
    public CheckoutService open(CheckoutPolicy policy) {
        return open(shop.baseUri(), policy);
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        CheckoutService service = style.open(shopBaseUri, policy);
        opened.add(service);
        return service;
    }

    @Override
    public CheckoutService openTraced() {
        // Patient, as C18 is: the context scenarios time nothing, and C38 puts C18's load on the style.
        return openTraced(ContractFixture.BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(60)));
    }

    @Override
    public CheckoutService openTraced(CheckoutPolicy policy) {
        if (!(style instanceof TracedCheckoutStyle traced)) {
            throw new AssertionError(style.name() + " does not carry the caller's trace context: it is no TracedCheckoutStyle");
        }
        CheckoutService service = traced.open(shop.baseUri(), policy, openTelemetry);
        opened.add(service);
        return service;
    }

    @Override
    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    @Override
    public String newRequestId(String scenario) {
        return scenario + "-" + run + "-" + requests.incrementAndGet();
    }

    @Override
    public int threadBound() {
        return ASYNC_THREAD_BOUND;
    }

    protected CheckoutStyle style() {
        return style;
    }
}
