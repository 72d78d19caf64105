package dev.asyncrosetta.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka cluster a program or a test talks to: an {@linkplain #embedded() embedded broker} this
 * handle started and owns, or an {@linkplain #external(String, Path) existing cluster} given by its
 * bootstrap servers and, for TLS or SASL, a client properties file.
 *
 * <p>Every producer, consumer and admin client starts from {@link #clientProperties()}, so the same
 * code runs against either. {@link #resolve(String, Path)} picks one: {@code --kafka HOST:PORT[,...]},
 * else the {@value #BOOTSTRAP_SERVERS_ENV} environment variable (with {@value #CLIENT_PROPERTIES_ENV}
 * naming the properties file), else an embedded broker; the rosetta command starts that broker in a JVM
 * of its own ({@link #inChildProcess()}), so that it is not part of the JVM whose checkouts it shows.
 */
public final class KafkaCluster implements AutoCloseable {
    /** Bootstrap servers of an existing cluster, when no {@code --kafka} option is given. */
    public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    /** A client properties file for that cluster, when none is given explicitly. */
    public static final String CLIENT_PROPERTIES_ENV = "KAFKA_CLIENT_PROPERTIES";

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, String> extraClientProperties;
    /** Stops the broker this handle started; null for an existing cluster, which is not this handle's to stop. */
    private final Runnable owned;
    /** The threads of the broker when it runs in this JVM; null when it runs elsewhere. */
    private final ThreadGroup brokerThreads;

    private KafkaCluster(String bootstrapServers, Map<String, String> extraClientProperties, Runnable owned, ThreadGroup brokerThreads) {
        this.bootstrapServers = bootstrapServers;
        this.extraClientProperties = Map.copyOf(extraClientProperties);
        this.owned = owned;
        this.brokerThreads = brokerThreads;
    }

    /** Starts an embedded broker, which {@link #close()} stops. */
    public static KafkaCluster embedded() {
        EmbeddedKafka broker = EmbeddedKafka.start();
        return new KafkaCluster(broker.bootstrapServers(), Map.of(), broker::close, broker.threads());
    }

    /** Starts an embedded broker in a child JVM ({@link BrokerProcess}), which {@link #close()} stops. */
    public static KafkaCluster inChildProcess() {
        BrokerProcess broker = BrokerProcess.start();
        return new KafkaCluster(broker.bootstrapServers(), Map.of(), broker::close, null);
    }

    /** An existing cluster reached with plain client settings. {@link #close()} leaves it running. */
    public static KafkaCluster external(String bootstrapServers) {
        return external(bootstrapServers, null);
    }

    /**
     * An existing cluster; every entry of {@code clientPropertiesFile} (which may be null) is added to
     * every client's configuration, except {@code bootstrap.servers}, which is {@code bootstrapServers}.
     */
    public static KafkaCluster external(String bootstrapServers, Path clientPropertiesFile) {
        String servers = BootstrapServers.validate(bootstrapServers, "bootstrap servers");
        Map<String, String> extra = clientPropertiesFile == null ? Map.of() : ClientPropertiesFile.read(clientPropertiesFile);
        return new KafkaCluster(servers, extra, null, null);
    }

    /**
     * The cluster named by {@code kafkaOption} (a {@code --kafka} value, may be null), else by the
     * {@value #BOOTSTRAP_SERVERS_ENV} environment variable, else a newly started embedded broker.
     * {@code clientPropertiesFile} (may be null, then {@value #CLIENT_PROPERTIES_ENV} is read) applies to an
     * existing cluster only.
     */
    public static KafkaCluster resolve(String kafkaOption, Path clientPropertiesFile) {
        return resolve(kafkaOption, clientPropertiesFile, System.getenv(), KafkaCluster::embedded);
    }

    /** As {@link #resolve(String, Path)}, with {@code whenNoneIsNamed} starting the broker (e.g. {@link #inChildProcess()}). */
    public static KafkaCluster resolve(String kafkaOption, Path clientPropertiesFile, Supplier<KafkaCluster> whenNoneIsNamed) {
        return resolve(kafkaOption, clientPropertiesFile, System.getenv(), whenNoneIsNamed);
    }

    static KafkaCluster resolve(String kafkaOption, Path clientPropertiesFile, Map<String, String> env) {
        return resolve(kafkaOption, clientPropertiesFile, env, KafkaCluster::embedded);
    }

    static KafkaCluster resolve(String kafkaOption, Path clientPropertiesFile, Map<String, String> env,
            Supplier<KafkaCluster> whenNoneIsNamed) {
        Optional<String> servers = BootstrapServers.resolve(kafkaOption, env);
        Path propertiesFile = clientPropertiesFile != null ? clientPropertiesFile
                : Optional.ofNullable(env.get(CLIENT_PROPERTIES_ENV)).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        if (servers.isPresent()) {
            return external(servers.get(), propertiesFile);
        }
        if (propertiesFile != null) {
            // The embedded broker speaks plain text: TLS or SASL settings meant for a real cluster would
            // only make every client fail to connect.
            throw new IllegalArgumentException("a Kafka client properties file (" + propertiesFile + ") needs --kafka or "
                    + BOOTSTRAP_SERVERS_ENV + " naming the cluster it is for");
        }
        return whenNoneIsNamed.get();
    }

    /**
     * The replication factor for a new topic on a cluster of {@code brokers} brokers: 3, the usual
     * production choice, where there are 3 brokers to hold the copies; 1 on a smaller cluster, where
     * 3 cannot be placed (and 2 would stop producing with {@code acks=all} whenever one broker is down).
     */
    public static short replicationFactorFor(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, not " + brokers);
        }
        return (short) (brokers >= 3 ? 3 : 1);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether this handle started the broker itself (and stops it on close). */
    public boolean isEmbedded() {
        return owned != null;
    }

    /**
     * Whether {@code thread} is one of the broker's, which only a broker running in this JVM has: a test
     * that counts the threads its code started leaves these out, even those the broker starts late.
     */
    public boolean isBrokerThread(Thread thread) {
        for (ThreadGroup group = thread.getThreadGroup(); brokerThreads != null && group != null; group = group.getParent()) {
            if (group == brokerThreads) return true;
        }
        return false;
    }

    /**
     * A new, mutable map every producer, consumer and admin client should start from: the bootstrap
     * servers and the client properties file's entries. Add serializers, group ids and the like to it.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>(extraClientProperties);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /**
     * Creates {@code name} with {@code partitions} partitions and the {@linkplain #replicationFactorFor
     * replication factor} that fits the cluster, and returns when the cluster serves its metadata. A topic
     * of that name that already exists is left as it is.
     */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        try (Admin admin = Admin.create(clientProperties())) {
            int brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactorFor(brokers))))
                        .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, name);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers + " in " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** Stops the embedded broker, if this handle started one; an external cluster is left alone. */
    @Override
    public void close() {
        if (owned != null) {
            owned.run();
        }
    }

    @Override
    public String toString() {
        return (isEmbedded() ? "embedded Kafka at " : "Kafka at ") + bootstrapServers;
    }

    /**
     * The controller answers once the topic is in the metadata log; the broker serving a client may
     * learn of it a moment later. Waiting until it describes every partition with a leader means a
     * producer's first send finds the topic instead of retrying on "unknown topic".
     */
    private static void awaitLeaders(Admin admin, String name) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + name + " has no leader for every partition");
            }
            Thread.sleep(20);
        }
    }
}
