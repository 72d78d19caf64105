package dev.asyncrosetta.app;

import dev.asyncrosetta.broker.KafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which Kafka cluster a command that pays through the broker uses: the one {@code --kafka} or
 * {@code KAFKA_BOOTSTRAP_SERVERS} names, reached with {@code --kafka-config}'s client settings, else
 * a single-node broker started for the run in a JVM of its own, so nothing needs to be installed.
 */
public final class KafkaOptions {

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,...]",
            description = "An existing Kafka cluster's bootstrap servers (default: $" + KafkaCluster.BOOTSTRAP_SERVERS_ENV
                    + ", else a broker started for this run in a JVM of its own and stopped when it ends).")
    private String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties for that cluster, e.g. security.protocol, sasl.* and ssl.* for TLS"
                    + " or SASL (default: $" + KafkaCluster.CLIENT_PROPERTIES_ENV + ").")
    private Path clientProperties;

    /** The cluster the options name, or a newly started child-JVM broker that closing the handle stops. */
    public KafkaCluster connect(CommandSpec spec) {
        try {
            return KafkaCluster.resolve(bootstrapServers, clientProperties, KafkaCluster::inChildProcess);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // A malformed --kafka, a properties file without a cluster to apply it to, or one that cannot be read.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * The cluster's client settings as a style takes them ({@link dev.asyncrosetta.model.BrokerPayments}
     * holds strings, as a properties file would): bootstrap servers and the properties file's entries.
     */
    public static Map<String, String> clientSettings(KafkaCluster kafka) {
        Map<String, String> strings = new TreeMap<>();
        kafka.clientProperties().forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
