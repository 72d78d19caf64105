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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The context scenarios C36-C38 (docs/CONTRACT.md, "The request's context") for a style that
 * implements {@link TracedCheckoutStyle}. The style is opened with an OpenTelemetry SDK of the
 * test's own (never the global one), whose spans go to memory as each ends, and which propagates the
 * W3C trace context only, as a service without other vendors' headers would.
 *
 * <pre>{@code
 * class FuturesContextContractTest extends ContextContract {
 *     FuturesContextContractTest() { super("futures"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
public abstract class ContextContract implements ContextScenarios {
    private final TracedCheckoutStyle style;
    private final List<CheckoutService> opened = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private ShopBackend shop;

    protected ContextContract(String styleName) {
        this(CheckoutStyle.named(styleName));
    }

    protected ContextContract(CheckoutStyle style) {
        if (!(style instanceof TracedCheckoutStyle traced)) {
            throw new IllegalArgumentException(style.name() + " does not carry trace context: it is no TracedCheckoutStyle");
        }
        this.style = traced;
    }

    /** A fresh shop, and one patient checkout first, so the JIT's first pass is no scenario's latency. */
    @BeforeAll
    void startShopAndWarmUp() {
        shop = ShopBackend.start();
        try (CheckoutService service = style.open(shop.baseUri(), CheckoutPolicy.defaults().withDeadline(Duration.ofSeconds(60)), openTelemetry)) {
            service.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(2, 6).id(), newRequestId("warm-up")))
                    .handle((receipt, failure) -> null).join(); // its outcome checks nothing
        } finally {
            shop.reset();
            exporter.reset();
        }
    }

    @AfterEach
    void closeServicesAndResetShop() {
        try {
            opened.forEach(CheckoutService::close);
            assertThat(shop.ledger().callsWithoutRequestId()).as("calls that carried no X-Request-Id").isEmpty();
        } finally {
            opened.clear();
            shop.reset();
            exporter.reset();
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
    public CheckoutService open() {
        CheckoutService service = style.open(shop.baseUri(), ContractFixture.BASE, openTelemetry);
        opened.add(service);
        return service;
    }

    @Override
    public List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    @Override
    public String newRequestId(String scenario) {
        return scenario + "-" + run + "-" + requests.incrementAndGet();
    }
}
