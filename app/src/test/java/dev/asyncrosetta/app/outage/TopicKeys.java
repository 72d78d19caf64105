package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.broker.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The keys of every record a topic holds, read by a consumer in no group: the broker's own account. */
final class TopicKeys {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private TopicKeys() {}

    static List<String> on(KafkaCluster kafka, String topic) {
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
            List<String> keys = new ArrayList<>();
            long giveUp = System.nanoTime() + WITHIN.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, WITHIN) < ends.get(p))) {
                if (System.nanoTime() > giveUp) throw new AssertionError("could not read " + topic + " up to " + ends);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) keys.add(record.key());
            }
            return keys;
        }
    }
}
