package dev.asyncrosetta.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded broker the extension shares, used as an application would use a real one. */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class EmbeddedKafkaTest {
    private KafkaCluster injected;

    @Test
    void anIdempotentProducersRecordIsConsumedBackInAGroup(KafkaCluster kafka, KafkaNames names) throws Exception {
        String topic = names.topic();
        String group = names.group();
        kafka.createTopic(topic, 1);

        RecordMetadata written = RoundTrip.produce(kafka, topic, "order-7", "paid");
        List<ConsumerRecord<String, String>> read = RoundTrip.consume(kafka, topic, group, 1);

        assertThat(written.topic()).isEqualTo(topic);
        assertThat(written.offset()).isZero();
        assertThat(read).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("order-7");
            assertThat(record.value()).isEqualTo("paid");
        });
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed).as("the group's offset, kept in __consumer_offsets on one broker")
                    .containsKey(new TopicPartition(topic, 0));
            assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(1);
        }
    }

    @Test
    void creatingATopicThatExistsLeavesItAsItIs(KafkaCluster kafka, KafkaNames names) throws Exception {
        String topic = names.topic();

        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 5);

        try (Admin admin = Admin.create(kafka.clientProperties())) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.replicas()).as("replicas on a 1-broker cluster").hasSize(1));
        }
    }

    @Test
    void theBrokerRunsTheSmallMachineSettings(KafkaCluster kafka) throws Exception {
        Map<String, String> wanted = SingleNodeConfig.of(Path.of("unused"), 1, 2);
        Set<String> perInstance = Set.of("listeners", "advertised.listeners", "controller.quorum.voters", "log.dirs");

        Map<String, ConfigEntry> running;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(SingleNodeConfig.NODE_ID));
            Config config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            running = config.entries().stream().collect(Collectors.toMap(ConfigEntry::name, entry -> entry));
        }

        assertThat(kafka.isEmbedded()).isTrue();
        assertThat(running).containsKeys(wanted.keySet().toArray(String[]::new));
        wanted.forEach((name, value) -> {
            if (!perInstance.contains(name)) {
                assertThat(running.get(name).value()).as(name).isEqualTo(value);
                // set by us, not Kafka's default; min.insync.replicas comes back as the cluster-wide
                // default the formatter wrote into the bootstrap metadata from the same setting
                assertThat(running.get(name).source()).as(name).isIn(
                        ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            }
        });
    }

    /**
     * A long poll on an empty topic makes the broker park fetches until they expire, and the first to
     * expire starts its purgatory's timer thread, long after the broker started: a thread of the
     * broker's all the same, where a test counting the threads its code started must not see it.
     */
    @Test
    void aThreadTheBrokerStartsLateIsStillTheBrokers(KafkaCluster kafka, KafkaNames names) throws Exception {
        String topic = names.topic();
        kafka.createTopic(topic, 1);
        Map<String, Object> config = kafka.clientProperties();
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (liveThreadsNamed("executor-Fetch").isEmpty() && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100));
            }
        }

        assertThat(liveThreadsNamed("executor-Fetch")).as("the fetch purgatory's timer, started by an expired fetch")
                .isNotEmpty()
                .allMatch(kafka::isBrokerThread);
        assertThat(kafka.isBrokerThread(Thread.currentThread())).as("the test's own thread").isFalse();
    }

    private static List<Thread> liveThreadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).toList();
    }

    @Test
    void fieldsAndParametersGetTheSameBroker(KafkaCluster kafka) {
        assertThat(injected).isNotNull().isSameAs(kafka);
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    }
}
