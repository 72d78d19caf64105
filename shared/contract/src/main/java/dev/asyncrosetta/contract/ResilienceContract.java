package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The resilience scenarios R1-R6 (docs/CONTRACT.md, "When the payment service stops answering"): the
 * circuit breaker, the bulkhead, admission control and isolation, each checked on the shop's ledger.
 * A style's test extends it naming the style, as it extends {@link CheckoutContract}:
 *
 * <pre>{@code
 * class FuturesResilienceContractTest extends ResilienceContract {
 *     FuturesResilienceContractTest() { super("futures"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(90)
public abstract class ResilienceContract implements ResilienceScenarios {
    private final CheckoutStyle style;
    private final List<CheckoutService> opened = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ShopBackend shop;
    /** The live threads when the scenario opened its first service; null before that. */
    private Map<Long, String> threadsBeforeOpening;

    protected ResilienceContract(String styleName) {
        this(CheckoutStyle.named(styleName));
    }

    protected ResilienceContract(CheckoutStyle style) {
        this.style = style;
    }

    @BeforeAll
    void startShopAndWarmUp() throws Exception {
        shop = ShopBackend.start();
        WarmUps.once("resilience " + style.name(), this::warmUp);
    }

    /** One patient checkout per style and JVM before the first scenario, so the JIT's first pass is no scenario's latency. */
    private void warmUp() {
        try (CheckoutService service = style.open(shop.baseUri(), CheckoutPolicy.defaults().withDeadline(Duration.ofSeconds(60)))) {
            service.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(2, 6).id(), newRequestId("warm-up")))
                    .handle((receipt, failure) -> null).join(); // its outcome checks nothing
        } finally {
            shop.reset();
        }
    }

    /**
     * Closes what the scenario opened (aborting the calls it left hanging), which must leave no
     * connection and no thread behind, however the protections ended their waits (C19's promise,
     * here after every R scenario); no call may have come without its request id.
     */
    @AfterEach
    void closeServicesAndResetShop() {
        try {
            opened.forEach(CheckoutService::close);
            if (!opened.isEmpty()) {
                Waits.untilNoConnectionIsOpen(shop);
                Waits.untilNoThreadStartedSince(threadsBeforeOpening);
            }
            assertThat(shop.ledger().callsWithoutRequestId()).as("calls that carried no X-Request-Id").isEmpty();
        } finally {
            opened.clear();
            threadsBeforeOpening = null;
            shop.reset();
        }
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    @Override
    public ShopBackend shop() {
        return shop;
    }

    @Override
    public CheckoutService open(CheckoutPolicy policy) {
        if (threadsBeforeOpening == null) {
            threadsBeforeOpening = LiveThreads.now();
        }
        CheckoutService service = style.open(shop.baseUri(), policy);
        opened.add(service);
        return service;
    }

    @Override
    public String newRequestId(String scenario) {
        return scenario + "-" + run + "-" + requests.incrementAndGet();
    }
}
