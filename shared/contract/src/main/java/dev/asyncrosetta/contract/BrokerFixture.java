package dev.asyncrosetta.contract;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.payments.PaymentService;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** What the broker scenarios need from the test class; {@link BrokerContract} provides it. */
public interface BrokerFixture {

    /**
     * Patient enough for a broker on a busy 2-core machine: the first publish of a service fetches the
     * topic's metadata, and an outcome needs the payment service's charge and publish.
     */
    CheckoutPolicy BROKER_BASE = new CheckoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(15), 3, Duration.ofMillis(50), 4);

    /** How long the payment service may take, from publish to outcome, when it is running. */
    Duration PAYMENT_SERVICE_WITHIN = Duration.ofSeconds(30);

    ShopBackend shop();

    KafkaCluster kafka();

    /** This test's payment service, on topics and a group of its own; stopped after the test. */
    PaymentService payments();

    /** Opens the style paying through this test's topics in this mode; closed after the test. */
    CheckoutService open(BrokerPayments.Mode mode, CheckoutPolicy policy);

    /** Opens the style with these client properties (a broker nobody listens on, say). */
    CheckoutService open(Map<String, String> clientProperties, BrokerPayments.Mode mode, CheckoutPolicy policy);

    /**
     * Opens the style on a request topic nobody has created yet (the outcome topic is this test's): its
     * publishes wait for the topic's metadata, as they do while the broker is down, until
     * {@link #createTheRequestTopic()} creates it. Closed after the test.
     */
    CheckoutService openBeforeItsRequestTopic(BrokerPayments.Mode mode, CheckoutPolicy policy);

    /**
     * Creates the request topic {@link #openBeforeItsRequestTopic} named and moves the payment service
     * onto it: {@link #payments()} is that service from then on.
     */
    void createTheRequestTopic();

    String newRequestId(String scenario);

    /** The threads the style declares non-blocking, as for C17; M8 watches them on the broker path. */
    Predicate<Thread> nonBlockingThreads();

    /** Where the style completes the checkout's future, as for C34: never a Kafka client's own thread. */
    Predicate<Thread> completingThreads();

    /** How many live threads the style may add under M9's load, as C18's bound over HTTP. */
    int threadBound();

    /** True for a style that blocks by design: M8 does not apply to it. */
    default boolean blocksByDesign() {
        return false;
    }
}
