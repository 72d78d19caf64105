package dev.asyncrosetta.broker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties of one KRaft node that is its own controller and only broker, on loopback,
 * sized for a 2-core machine that runs other work beside it. The keys are Kafka's documented broker
 * settings, spelled out rather than taken from Kafka's internal constants classes, which move between
 * releases.
 */
final class SingleNodeConfig {
    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";
    /** The log cleaner's dedupe buffer: 4 MiB instead of 128 MiB (see {@link #of}). */
    static final long DEDUPE_BUFFER_BYTES = 4L * 1024 * 1024;

    private SingleNodeConfig() {
    }

    static Map<String, String> of(Path logDir, int brokerPort, int controllerPort) {
        Map<String, String> config = new LinkedHashMap<>();

        // One node in both roles, voting for itself: the smallest complete KRaft cluster.
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        config.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        config.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("inter.broker.listener.name", BROKER_LISTENER);
        // The metadata log and the topics' data share the one directory.
        config.put("log.dirs", logDir.toString());

        // Internal topics ask for 3 replicas by default and would never be created on one broker:
        // the first consumer group (__consumer_offsets), the first transaction (__transaction_state)
        // and the first share group (__share_group_state) would fail.
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("min.insync.replicas", "1");
        // Internal topics have 50 partitions by default, for spreading groups over many brokers; with
        // one broker they only cost the first group's or transaction's wait while they are created.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.num.partitions", "1");

        // The log cleaner allocates its whole dedupe buffer up front: the 128 MiB default dominates the
        // broker's memory and start time. A test topic's compaction needs a few MiB.
        config.put("log.cleaner.dedupe.buffer.size", Long.toString(DEDUPE_BUFFER_BYTES));
        // A classic consumer group waits 3 s for more members before its first rebalance; a test's
        // one consumer should not.
        config.put("group.initial.rebalance.delay.ms", "0");
        // Thread pools sized for 2 cores and a handful of clients, not a production broker's load
        // (defaults: 3 network, 8 I/O, 10 background, 4 group coordinator, 2 recovery threads).
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "2");
        config.put("background.threads", "2");
        config.put("group.coordinator.threads", "1");
        config.put("num.recovery.threads.per.data.dir", "1");

        // A topic exists only when someone created it: a typo in a topic name fails instead of
        // silently producing to a new topic with the default settings.
        config.put("auto.create.topics.enable", "false");
        return config;
    }
}
