package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Paying through the broker, blocking: the checkout's own thread publishes with
 * {@code send(record).get(callTimeout)} and, awaiting, waits for its outcome. Blocking is this
 * style's model, so {@code send} blocking on metadata is its thread's business, bounded by
 * {@code max.block.ms} = callTimeout; an interrupt (cancel, deadline, close) ends either wait.
 *
 * <p>Outcomes come from one consumer per service, on a platform thread of its own (a consumer is used
 * by one thread; a poll loop lives as long as the service), assigned every partition of the outcome
 * topic with its positions fixed at the end before anything is published, handing each outcome to the
 * checkout waiting for its request id. The first outcome per request id wins.
 */
final class LoomBrokerPayments implements AutoCloseable {
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(200);

    private final BrokerPayments payments;
    private final Duration callTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer; // null unless awaiting outcomes
    private final Map<String, CompletableFuture<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Thread listener;
    private volatile boolean closed;

    LoomBrokerPayments(BrokerPayments payments, Duration callTimeout, String threadPrefix) {
        this.payments = payments;
        this.callTimeout = callTimeout;
        String clientId = threadPrefix + "checkout-" + SERVICES.incrementAndGet();
        this.producer = new KafkaProducer<>(producerConfig(payments, clientId, callTimeout));
        if (awaitsOutcome()) {
            this.consumer = new KafkaConsumer<>(consumerConfig(payments, clientId, callTimeout));
            this.listener = new Thread(this::listen, threadPrefix + "broker-outcomes");
            this.listener.setDaemon(true);
            this.listener.start();
        } else {
            this.consumer = null;
            this.listener = null;
        }
    }

    private static Map<String, Object> producerConfig(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0); // one checkout waits for one record: send it at once
        int millis = Math.toIntExact(callTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis); // at least linger.ms + request.timeout.ms
        return config;
    }

    private static Map<String, Object> consumerConfig(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-outcomes");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, not in a group: nothing to commit
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(callTimeout.toMillis()));
        return config;
    }

    boolean awaitsOutcome() {
        return payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME;
    }

    /** Starts waiting for the request's outcome: call it before {@link #publish}, and {@link #forget} when done. */
    CompletableFuture<PaymentOutcome> expectOutcome(String requestId) {
        CompletableFuture<PaymentOutcome> outcome = new CompletableFuture<>();
        awaiting.put(requestId, outcome);
        return outcome;
    }

    void forget(String requestId) {
        awaiting.remove(requestId);
    }

    /**
     * Returns once the broker has acknowledged the message; a {@link CallFailure#brokerUnavailable}
     * when it has not within callTimeout (awaiting: also when the outcome consumer is not listening by then).
     */
    void publish(PaymentRequestMessage message) throws InterruptedException {
        long giveUp = System.nanoTime() + callTimeout.toNanos();
        try {
            if (awaitsOutcome()) {
                listening.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            producer.send(new ProducerRecord<>(payments.topics().requests(), message.requestId(), message.toJson()))
                    .get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptException interrupted) {
            throw new InterruptedException("interrupted while publishing"); // Kafka's unchecked twin of the checked one
        } catch (ExecutionException failed) {
            throw CallFailure.brokerUnavailable(failed.getCause());
        } catch (TimeoutException | KafkaException unavailable) {
            throw CallFailure.brokerUnavailable(unavailable);
        }
    }

    private void listen() {
        try (consumer) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions before anyone publishes
            listening.complete(null);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    dispatch(record.value());
                }
            }
        } catch (WakeupException | InterruptException closing) {
            // close()
        }
    }

    private List<TopicPartition> partitions() {
        while (true) {
            try {
                List<TopicPartition> found = consumer.partitionsFor(payments.topics().outcomes()).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                // again: checkouts meanwhile fail with BROKER_UNAVAILABLE after their call timeout
            }
            if (closed) {
                throw new WakeupException();
            }
            try {
                Thread.sleep(POLL); // a topic not created yet answers at once: do not ask in a tight loop
            } catch (InterruptedException e) {
                throw new WakeupException();
            }
        }
    }

    private void dispatch(byte[] value) {
        PaymentOutcome outcome;
        try {
            outcome = PaymentOutcome.fromJson(value);
        } catch (CallFailure notAnOutcome) {
            return; // nobody can be waiting for a record without a request id
        }
        CompletableFuture<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting != null) {
            waiting.complete(outcome); // the waiting checkout thread wakes up and carries on
        }
    }

    /**
     * Flushes what the producer holds and closes it, then the outcome consumer, waiting for its thread,
     * within {@code grace} in all (the service's close is bounded). What is still unacknowledged when the
     * grace runs out is dropped: its checkout was already stopped, and it is the honest note's case.
     */
    void close(Duration grace) {
        long deadlineNanos = System.nanoTime() + Math.max(0, grace.toNanos());
        closed = true;
        producer.close(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
        if (consumer != null) {
            consumer.wakeup();
            try {
                listener.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
