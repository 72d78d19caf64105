package dev.asyncrosetta.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Kafka broker in this JVM: one KRaft node that is both controller and broker, on 127.0.0.1
 * with ports picked at start, in a fresh temporary directory that {@link #close()} deletes.
 *
 * <p>{@link #start()} returns when a client can use the broker (an Admin client sees it in the
 * cluster), not merely when the server's threads are up. It starts in a few seconds on a small
 * machine; the settings that make that so are in {@link SingleNodeConfig}.
 *
 * <p>Every thread of the broker's is in one {@link #threads() thread group}: it is made and started on
 * a thread of that group, and a thread inherits its creator's group, so those it starts later (a
 * purgatory's timer on the first fetch that expires, say) join it too. That is how a test tells the
 * broker's threads from the ones the code under test started.
 *
 * <p>It runs through {@code kafka.server.KafkaRaftServer}, the class {@code kafka-server-start.sh}
 * runs: internal to Kafka, which is why the Kafka version is pinned exactly.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     ... Map.of("bootstrap.servers", kafka.bootstrapServers()) ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** A port taken by someone else between picking it and binding it: pick again, this many times. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path dir;
    private final String bootstrapServers;
    private final Duration startedIn;
    private final ThreadGroup threads;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, ThreadGroup threads, Path dir, String bootstrapServers, Duration startedIn) {
        this.server = server;
        this.threads = threads;
        this.dir = dir;
        this.bootstrapServers = bootstrapServers;
        this.startedIn = startedIn;
    }

    /** Starts a broker and waits, up to a minute, until a client can use it. */
    public static EmbeddedKafka start() {
        return start(DEFAULT_TIMEOUT);
    }

    public static EmbeddedKafka start(Duration timeout) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = FreePorts.pick(2);
            Path dir = createTempDir();
            boolean running = false;
            try {
                EmbeddedKafka kafka = startIn(dir, ports.get(0), ports.get(1), started, timeout);
                running = true;
                return kafka;
            } catch (RuntimeException e) {
                if (attempt >= START_ATTEMPTS || !causedByBindFailure(e)) {
                    throw e;
                }
            } finally {
                if (!running) {
                    Directories.deleteRecursively(dir);
                }
            }
        }
    }

    /** {@code 127.0.0.1:PORT}, for a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** How long {@link #start()} took, from its call until a client could use the broker. */
    public Duration startedIn() {
        return startedIn;
    }

    /** The group of every thread the broker runs on, those it starts later included. */
    public ThreadGroup threads() {
        return threads;
    }

    /** The directory that holds the broker's configuration, metadata log and topics. */
    public Path directory() {
        return dir;
    }

    /** Stops the broker, waits until it has stopped and deletes its directory. Closing twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stop(server);
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static EmbeddedKafka startIn(Path dir, int brokerPort, int controllerPort, long startedNanos, Duration timeout) {
        Map<String, String> config = SingleNodeConfig.of(dir.resolve("data"), brokerPort, controllerPort);
        KraftStorage.format(writeServerProperties(dir, config), Uuid.randomUuid().toString());

        ThreadGroup threads = new ThreadGroup("kafka-broker-" + brokerPort);
        KafkaRaftServer server = inGroup(threads, () -> new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM));
        String bootstrapServers = SingleNodeConfig.HOST + ":" + brokerPort;
        try {
            inGroup(threads, () -> {
                server.startup();
                return server;
            });
            awaitUsable(bootstrapServers, startedNanos + timeout.toNanos());
        } catch (RuntimeException | Error e) {
            try {
                stop(server);
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return new EmbeddedKafka(server, threads, dir, bootstrapServers, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** Runs {@code work} on a new thread of {@code group}, so that the threads it starts are in that group; waits for it. */
    private static <T> T inGroup(ThreadGroup group, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(group, () -> {
            try {
                result.set(work.get());
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, group.getName() + "-starting");
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker was starting", e);
        }
        if (failure.get() instanceof Error error) throw error;
        if (failure.get() != null) throw (RuntimeException) failure.get();
        return result.get();
    }

    /**
     * Waits until an Admin client sees the broker in the cluster: the broker has registered with the
     * controller, been unfenced and answers metadata requests, which is what producers, consumers and
     * topic creation need.
     */
    private static void awaitUsable(String bootstrapServers, long deadlineNanos) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (remainingMs <= 0) {
                    throw new IllegalStateException("the broker at " + bootstrapServers + " did not become usable in time");
                }
                try {
                    DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) Math.min(remainingMs, Integer.MAX_VALUE));
                    Collection<Node> nodes = admin.describeCluster(options).nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    Thread.sleep(20);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("the broker at " + bootstrapServers + " did not become usable in time", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the broker at " + bootstrapServers + " was starting", e);
                }
            }
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Path writeServerProperties(Path dir, Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        Path file = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "rosetta-broker: one KRaft node, broker and controller");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("rosetta-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the broker's directory", e);
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
