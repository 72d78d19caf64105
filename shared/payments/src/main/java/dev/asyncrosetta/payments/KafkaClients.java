package dev.asyncrosetta.payments;

import dev.asyncrosetta.broker.KafkaCluster;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The service's consumer and producer. Keys are the request id as a UTF-8 string; values are the
 * messages' JSON bytes, written and read with the model's {@code Json}.
 */
final class KafkaClients {
    private KafkaClients() {}

    static KafkaConsumer<String, byte[]> requestConsumer(KafkaCluster kafka, Settings settings, String clientId) {
        Map<String, Object> config = kafka.clientProperties();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        // The service commits each request itself, after its outcome is published: with auto-commit the
        // consumer would commit what poll returned, charged or not, and a crash would lose those requests.
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A group with no committed offset yet (the first start) begins at the oldest request: a request
        // published before the service joined the group is paid, not skipped.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll's records are charged one after another; each may take up to maxAttempts x callTimeout.
        // Few records per poll keep a whole batch well inside max.poll.interval.ms (10 x 3 x 5 s < 5 min).
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, settings.maxPollInterval().toMillis()));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    static KafkaProducer<String, byte[]> outcomeProducer(KafkaCluster kafka, String clientId) {
        Map<String, Object> config = kafka.clientProperties();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        // acks=all: an outcome counts as published once every in-sync replica has it, so committing the
        // request after that acknowledgement can never leave a committed request without its outcome.
        // Idempotence: the producer's own retries (a lost acknowledgement) never write an outcome twice.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }
}
