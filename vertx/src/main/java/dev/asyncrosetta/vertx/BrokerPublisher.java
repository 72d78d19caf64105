package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes payment requests with an idempotent producer ({@code acks=all}) through vertx-kafka-client's
 * {@link KafkaProducer}: its {@code send} answers a Vert.x future and is the Vert.x way to reach Kafka.
 *
 * <p>Why it never blocks an event loop: Kafka's own {@code send} may wait for the topic's metadata or
 * for room in the buffer, up to {@code max.block.ms} (= callTimeout here). Vert.x's producer hands that
 * call to a worker context of its own (ordered, on {@code vert.x-worker-thread-n}, which may block) and
 * completes the future it returned on the context that called {@code send}: the checkout's, whatever
 * thread Kafka acknowledges on. So a checkout publishes from its event loop and hears back there.
 */
final class BrokerPublisher {
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration callTimeout;
    private final Vertx vertx;

    BrokerPublisher(Vertx vertx, BrokerPayments payments, String clientId, Duration callTimeout) {
        this.vertx = vertx;
        // Kafka's producer built from typed settings, then wrapped: Vert.x's create(vertx, Map<String, String>)
        // would take strings only, and these settings are the contract's, not the caller's.
        this.producer = KafkaProducer.create(vertx, new org.apache.kafka.clients.producer.KafkaProducer<>(config(payments, clientId, callTimeout)));
        // Every failure reaches the checkout through the future send returned; without a handler Vert.x
        // would also report each one to the context as an uncaught exception, and log it twice.
        this.producer.exceptionHandler(failure -> {});
        this.topic = payments.topics().requests();
        this.callTimeout = callTimeout;
    }

    /** The caller's properties reach the cluster; these, which the contract depends on, win over them. */
    private static Map<String, Object> config(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // One checkout waits for one record: send it at once rather than wait to batch it with others.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The worker waits at most callTimeout for metadata or buffer room, and the producer stops trying
        // to deliver a record once the checkout has stopped waiting for it (delivery.timeout.ms must be at
        // least linger.ms + request.timeout.ms).
        int millis = Math.toIntExact(callTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return config;
    }

    /**
     * On the checkout's context: hands the record to the producer once {@code ready} succeeds, and
     * succeeds there once the broker acknowledged it; fails with {@link CallFailure#brokerUnavailable}
     * when it did not within callTimeout, counted from now (a Vert.x timer on the same context, which
     * {@code inFlight} cancels if the checkout stops first). A checkout that stopped, or timed out,
     * before {@code ready} never sends its record; once handed over, the record may still arrive after
     * the checkout stopped waiting (then it is charged once).
     */
    Future<Void> publish(PaymentRequestMessage message, Future<Void> ready, InFlight inFlight) {
        Promise<Void> acknowledged = Promise.promise();
        Timer timeout = vertx.timer(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        inFlight.track(timeout, timeout::cancel);
        timeout.onSuccess(expired -> acknowledged.tryFail(CallFailure.brokerUnavailable(
                new TimeoutException("no acknowledgement within " + callTimeout.toMillis() + " ms"))));
        ready.onSuccess(listening -> {
            if (acknowledged.future().isComplete()) {
                return; // timed out while waiting to be ready: never sent
            }
            inFlight.start(() -> producer.send(KafkaProducerRecord.create(topic, message.requestId(), message.toJson()))).onComplete(
                    metadata -> acknowledged.tryComplete(),
                    failure -> acknowledged.tryFail(failure instanceof KafkaException ? CallFailure.brokerUnavailable(failure) : failure));
        });
        return acknowledged.future().andThen(decided -> timeout.cancel());
    }

    /** Sends what was handed to the producer and waits for its acknowledgements (a few seconds at most), on a worker. */
    Future<Void> close() {
        return producer.close(CLOSE_TIMEOUT_MS);
    }
}
