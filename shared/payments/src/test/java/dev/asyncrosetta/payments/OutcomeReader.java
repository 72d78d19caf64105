package dev.asyncrosetta.payments;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The checkout's side, as a test plays it: reads every outcome from the start, on a thread of its own. */
final class OutcomeReader implements AutoCloseable {
    private final Map<String, List<PaymentOutcome>> byRequestId = new ConcurrentHashMap<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    OutcomeReader(KafkaCluster kafka, String topic, String group) {
        Map<String, Object> config = kafka.clientProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        this.thread = new Thread(() -> read(consumer), "outcome-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (!closed.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    keys.add(record.key());
                    PaymentOutcome outcome = PaymentOutcome.fromJson(record.value());
                    byRequestId.computeIfAbsent(outcome.requestId(), id -> new CopyOnWriteArrayList<>()).add(outcome);
                }
            }
        }
    }

    /** Every outcome read so far for this request, in the order published. */
    List<PaymentOutcome> of(String requestId) {
        return List.copyOf(byRequestId.getOrDefault(requestId, List.of()));
    }

    /** The record keys of every outcome read so far. */
    List<String> keys() {
        return List.copyOf(keys);
    }

    @Override
    public void close() {
        closed.set(true);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
