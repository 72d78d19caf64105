package dev.asyncrosetta.contract;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the styles published on a request topic, read as the broker has it: every record from the
 * start of every partition up to the end it has now, without a group (so the payment service's
 * offsets are untouched).
 */
final class PublishedRequests {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    /** One record: its key and its value, read as a message. */
    record Published(String key, PaymentRequestMessage message) {}

    private PublishedRequests() {}

    /** Every record on the topic now, in each partition's order. */
    static List<Published> on(KafkaCluster kafka, String topic) {
        Map<String, Object> config = kafka.clientProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WITHIN).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WITHIN);
            List<Published> published = new ArrayList<>();
            Instant giveUp = Instant.now().plus(WITHIN);
            while (partitions.stream().anyMatch(p -> consumer.position(p, WITHIN) < ends.get(p))) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("could not read " + topic + " up to " + ends + " within " + WITHIN);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    published.add(new Published(record.key(), PaymentRequestMessage.fromJson(record.value())));
                }
            }
            return published;
        }
    }

    /** The records whose key or message names this request id. */
    static List<Published> of(KafkaCluster kafka, String topic, String requestId) {
        return on(kafka, topic).stream()
                .filter(p -> requestId.equals(p.key()) || p.message().requestId().startsWith(requestId))
                .toList();
    }
}
