package dev.asyncrosetta.payments;

import static java.util.Objects.requireNonNull;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.PaymentTopics;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings of one {@link PaymentService}; every one has a default that fits a program. */
public final class PaymentServiceBuilder {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final KafkaCluster kafka;
    private final URI shop;
    private PaymentTopics topics = PaymentTopics.DEFAULT;
    private String group = "payment-service";
    private String name;
    private int partitions = 3;
    private Duration callTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private Duration firstBackoff = Duration.ofMillis(100);
    private Duration retryBackoff = Duration.ofSeconds(1);
    private Duration restartDelay = Duration.ofMillis(500);
    private Duration pollTimeout = Duration.ofMillis(100);
    private Duration maxPollInterval = Duration.ofMinutes(5);
    private int maxPollRecords = 10;

    PaymentServiceBuilder(KafkaCluster kafka, URI shop) {
        this.kafka = requireNonNull(kafka, "kafka");
        this.shop = requireNonNull(shop, "shop");
    }

    /** The topics to read requests from and publish outcomes on; {@link PaymentTopics#DEFAULT} by default. */
    public PaymentServiceBuilder topics(PaymentTopics value) {
        topics = value;
        return this;
    }

    /** The consumer group; services in one group share the requests. {@code payment-service} by default. */
    public PaymentServiceBuilder group(String value) {
        group = value;
        return this;
    }

    /** Names the service's threads and Kafka client ids; {@code payment-service-N} by default. */
    public PaymentServiceBuilder name(String value) {
        name = value;
        return this;
    }

    /** Partitions of each topic, when the service creates them; 3 by default. */
    public PaymentServiceBuilder partitions(int value) {
        partitions = value;
        return this;
    }

    /** Each payment call is aborted after this long, whatever it waits for; 5 s by default. */
    public PaymentServiceBuilder callTimeout(Duration value) {
        callTimeout = value;
        return this;
    }

    /**
     * Attempts of one payment call per delivery (connection failures, timeouts and 5xx are retried,
     * with the same Idempotency-Key), waiting firstBackoff, then 2x, 4x ... between them; 3 and 100 ms by
     * default. Past them the request is taken again after {@link #retryBackoff}, for as long as it takes.
     */
    public PaymentServiceBuilder retries(int attempts, Duration firstBackoff) {
        this.maxAttempts = attempts;
        this.firstBackoff = firstBackoff;
        return this;
    }

    /** How long an undecided request waits before it is taken again; 1 s by default. */
    public PaymentServiceBuilder retryBackoff(Duration value) {
        retryBackoff = value;
        return this;
    }

    /** How long after a crash the fresh consumer joins the group; 500 ms by default. */
    public PaymentServiceBuilder restartDelay(Duration value) {
        restartDelay = value;
        return this;
    }

    /**
     * The consumer's {@code max.poll.interval.ms}; 5 min by default. The service polls every
     * {@code pollTimeout} even while paused, so only the work on one poll's records counts against it.
     */
    public PaymentServiceBuilder maxPollInterval(Duration value) {
        maxPollInterval = value;
        return this;
    }

    /** Creates the topics if needed and starts the service on its own thread. */
    public PaymentService start() {
        String serviceName = name != null ? name : "payment-service-" + SERVICES.incrementAndGet();
        Settings settings = new Settings(shop, topics, group, serviceName, partitions, callTimeout, maxAttempts,
                firstBackoff, retryBackoff, restartDelay, pollTimeout, maxPollInterval, maxPollRecords);
        return PaymentService.start(settings, kafka);
    }
}
