package dev.asyncrosetta.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.broker.junit.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster --kafka, KAFKA_BOOTSTRAP_SERVERS and a client properties file name, and what clients get. */
@ExtendWith(KafkaExtension.class)
@Timeout(120)
class KafkaClusterResolutionTest {
    @TempDir
    Path dir;

    @Test
    void theOptionWinsOverTheEnvironment() {
        Map<String, String> env = Map.of(KafkaCluster.BOOTSTRAP_SERVERS_ENV, "env-host:9092");

        try (KafkaCluster kafka = KafkaCluster.resolve(" option-host:19092 , other:29092", null, env)) {
            assertThat(kafka.isEmbedded()).isFalse();
            assertThat(kafka.bootstrapServers()).isEqualTo("option-host:19092,other:29092");
        }
    }

    @Test
    void theEnvironmentNamesTheClusterWhenNoOptionDoes() {
        Map<String, String> env = Map.of(KafkaCluster.BOOTSTRAP_SERVERS_ENV, "env-host:9092,[::1]:9093");

        try (KafkaCluster kafka = KafkaCluster.resolve(null, null, env)) {
            assertThat(kafka.isEmbedded()).isFalse();
            assertThat(kafka.bootstrapServers()).isEqualTo("env-host:9092,[::1]:9093");
        }
        assertThat(BootstrapServers.resolve("", Map.of())).as("neither: an embedded broker").isEmpty();
    }

    @Test
    void whenNothingNamesAClusterTheCallersBrokerIsStartedAndOnlyThen() {
        AtomicInteger started = new AtomicInteger();
        Supplier<KafkaCluster> childProcess = () -> {
            started.incrementAndGet();
            return KafkaCluster.external("started-for-this-run:9092");
        };

        try (KafkaCluster kafka = KafkaCluster.resolve(null, null, Map.of(), childProcess)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("started-for-this-run:9092");
        }
        try (KafkaCluster kafka = KafkaCluster.resolve("named:9092", null, Map.of(), childProcess)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("named:9092");
        }
        assertThat(started).as("brokers started").hasValue(1);
    }

    @Test
    void somethingThatIsNotHostColonPortIsRefused() {
        for (String bad : new String[] {"localhost", "host:port", "a:9092,", "host:99999", "http://host:9092"}) {
            assertThatThrownBy(() -> KafkaCluster.resolve(bad, null, Map.of())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--kafka");
        }
    }

    @Test
    void aPropertiesFileWithoutAClusterIsRefusedRatherThanAppliedToTheEmbeddedBroker() throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");

        assertThatThrownBy(() -> KafkaCluster.resolve(null, file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(KafkaCluster.BOOTSTRAP_SERVERS_ENV);
    }

    @Test
    void aClientPropertiesFilesEntriesReachEveryClientsConfig(KafkaCluster broker) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "# what a TLS or SASL cluster would ask for, in kafka-console-producer's --command-config format",
                "client.id = rosetta-from-file",
                "request.timeout.ms=12345",
                "security.protocol=PLAINTEXT",
                "bootstrap.servers=not-this-one:1",
                ""));
        Map<String, String> env = Map.of(KafkaCluster.BOOTSTRAP_SERVERS_ENV, broker.bootstrapServers(),
                KafkaCluster.CLIENT_PROPERTIES_ENV, file.toString());

        try (KafkaCluster kafka = KafkaCluster.resolve(null, null, env)) {
            Map<String, Object> properties = kafka.clientProperties();
            assertThat(properties)
                    .containsEntry("client.id", "rosetta-from-file")
                    .containsEntry("request.timeout.ms", "12345")
                    .containsEntry("security.protocol", "PLAINTEXT")
                    .containsEntry("bootstrap.servers", broker.bootstrapServers());

            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            ProducerConfig producer = new ProducerConfig(properties);
            assertThat(producer.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(12345);
            assertThat(producer.getString(ProducerConfig.CLIENT_ID_CONFIG)).isEqualTo("rosetta-from-file");

            // and a real client built from them reaches the cluster
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(kafka.clientProperties()).as("a new map each time").isNotSameAs(kafka.clientProperties())
                    .doesNotContainKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        }
    }
}
