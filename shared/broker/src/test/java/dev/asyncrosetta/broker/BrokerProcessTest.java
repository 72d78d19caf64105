package dev.asyncrosetta.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker in a JVM of its own, standing in for a separately run cluster: what {@code --kafka HOST:PORT}
 * does against a real one.
 */
@Timeout(180)
class BrokerProcessTest {
    @Test
    void aSeparatelyStartedBrokerServesAnExternalClusterHandleAndIsGoneAfterClose() throws Exception {
        long pid;
        String servers;
        Path directory;
        try (BrokerProcess broker = BrokerProcess.start()) {
            pid = broker.pid();
            servers = broker.bootstrapServers();
            directory = broker.directory();
            assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(ProcessHandle.of(pid)).map(ProcessHandle::isAlive).contains(true);
            assertThat(directory.resolve("server.properties")).isRegularFile();

            try (KafkaCluster kafka = KafkaCluster.resolve(servers, null, Map.of())) {
                assertThat(kafka.isEmbedded()).isFalse();
                kafka.createTopic("checkouts", 2);
                kafka.createTopic("checkouts", 2);

                RoundTrip.produce(kafka, "checkouts", "u-0003", "charged");
                List<ConsumerRecord<String, String>> read = RoundTrip.consume(kafka, "checkouts", "auditors", 1);

                assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactly(tuple("u-0003", "charged"));
            }
            assertThat(broker.isAlive()).as("closing an external handle leaves its cluster running").isTrue();
        }

        Optional<ProcessHandle> after = ProcessHandle.of(pid);
        assertThat(after.map(ProcessHandle::isAlive).orElse(false)).as("process %d after close", pid).isFalse();
        assertThat(directory).as("the broker's directory after close").doesNotExist();
        int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).as("a connection to the closed broker's port %d", port).isInstanceOf(ConnectException.class);
    }
}
