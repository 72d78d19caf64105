package dev.asyncrosetta.contract;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.payments.PaymentService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract of paying through the broker, M1-M13 (docs/CONTRACT.md, "Paying through the broker"),
 * for a style that implements {@link BrokerPaymentStyle}. The witnesses are the request topic as the
 * broker has it, and the shop's ledger of calls and charges. One embedded broker serves the whole
 * test JVM ({@link KafkaExtension}); each test has topics, a group and a payment service of its own.
 *
 * <pre>{@code
 * class FuturesBrokerContractTest extends BrokerContract {
 *     FuturesBrokerContractTest() { super("futures"); }
 * }
 * }</pre>
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
public abstract class BrokerContract implements BrokerScenarios {
    private final BrokerPaymentStyle style;
    private final List<CheckoutService> opened = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private KafkaCluster kafka; // set by KafkaExtension
    private ShopBackend shop;
    private PaymentTopics topics;
    private PaymentService payments;
    private KafkaNames names;
    private PaymentTopics notCreatedYet;

    protected BrokerContract(String styleName) {
        this(CheckoutStyle.named(styleName));
    }

    protected BrokerContract(CheckoutStyle style) {
        if (!(style instanceof BrokerPaymentStyle)) {
            throw new IllegalArgumentException(style.name() + " cannot pay through the broker: it is no BrokerPaymentStyle");
        }
        this.style = (BrokerPaymentStyle) style;
    }

    @BeforeAll
    void startShopAndWarmUp() throws Exception {
        shop = ShopBackend.start();
        WarmUps.once("broker " + style.name(), this::warmUp);
    }

    /**
     * The first checkout through the broker in a fresh JVM loads the Kafka client's classes on
     * whichever thread the style publishes from, and reading a jar there is a blocking call M8 reports.
     * Run in class order, M1-M7 have loaded them; run alone (as PIT runs a scenario against a mutant),
     * M8 failed on the unmutated style. One patient checkout per mode, on topics and a payment service
     * of its own, pays that once per style and JVM, as CheckoutContract's warm-up does over HTTP. It
     * checks nothing and changes no check: each scenario's services are still new, so their first
     * send still fetches the metadata on the style's thread.
     */
    private void warmUp() throws Exception {
        CheckoutPolicy patient = BROKER_BASE.withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(60));
        KafkaNames names = KafkaNames.of(getClass().getSimpleName(), "warm-up");
        PaymentTopics warmUpTopics = new PaymentTopics(names.topic(), names.topic());
        PaymentService warmUpPayments = startPaymentService(warmUpTopics, names, "payments-warm-up");
        try {
            for (BrokerPayments.Mode mode : BrokerPayments.Mode.values()) {
                try (CheckoutService service = style.open(shop.baseUri(), patient,
                        new BrokerPayments(clientPropertiesOf(kafka), warmUpTopics, mode))) {
                    // Its outcome is ignored: a style that cannot check out fails the scenarios, one by one, for the reason.
                    service.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(2, 6).id(), newRequestId("warm-up")))
                            .handle((receipt, failure) -> null)
                            .get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            warmUpPayments.close(); // waits for a charge in hand, so that the reset below forgets it too
            shop.reset();
        }
    }

    @BeforeEach
    void startPaymentService(KafkaNames names) {
        this.names = names;
        topics = new PaymentTopics(names.topic(), names.topic());
        payments = startPaymentService(topics, names, "payments-" + requests.incrementAndGet());
    }

    private PaymentService startPaymentService(PaymentTopics on, KafkaNames names, String name) {
        return PaymentService.builder(kafka, shop.baseUri()).topics(on).group(names.group()).name(name).partitions(2).start();
    }

    /** Closes what the scenario opened, then stops its payment service; the shop forgets the test. */
    @AfterEach
    void closeEverything() {
        try {
            opened.forEach(CheckoutService::close);
        } finally {
            opened.clear();
            payments.close();
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
    public KafkaCluster kafka() {
        return kafka;
    }

    @Override
    public PaymentService payments() {
        return payments;
    }

    @Override
    public CheckoutService open(BrokerPayments.Mode mode, CheckoutPolicy policy) {
        return open(clientPropertiesOf(kafka), mode, policy);
    }

    @Override
    public CheckoutService open(Map<String, String> clientProperties, BrokerPayments.Mode mode, CheckoutPolicy policy) {
        return openOn(topics, clientProperties, mode, policy);
    }

    @Override
    public CheckoutService openBeforeItsRequestTopic(BrokerPayments.Mode mode, CheckoutPolicy policy) {
        notCreatedYet = new PaymentTopics(names.topic(), topics.outcomes());
        return openOn(notCreatedYet, clientPropertiesOf(kafka), mode, policy);
    }

    /** The payment service creates its topics as it starts; the one on the old request topic has nothing to do. */
    @Override
    public void createTheRequestTopic() {
        if (notCreatedYet == null) {
            throw new IllegalStateException("no service was opened before its request topic");
        }
        payments.close();
        payments = startPaymentService(notCreatedYet, names, "payments-" + requests.incrementAndGet());
        topics = notCreatedYet;
        notCreatedYet = null;
    }

    private CheckoutService openOn(PaymentTopics on, Map<String, String> clientProperties, BrokerPayments.Mode mode, CheckoutPolicy policy) {
        CheckoutService service = style.open(shop.baseUri(), policy, new BrokerPayments(clientProperties, on, mode));
        opened.add(service);
        return service;
    }

    /** What an async style may add, as over HTTP; a thread-per-checkout style declares its pools instead. */
    @Override
    public int threadBound() {
        return CheckoutContract.ASYNC_THREAD_BOUND;
    }

    @Override
    public String newRequestId(String scenario) {
        return scenario + "-" + run + "-" + requests.incrementAndGet();
    }

    /** The cluster's client properties as text, as a program would read them from a file. */
    static Map<String, String> clientPropertiesOf(KafkaCluster kafka) {
        return kafka.clientProperties().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    }
}
