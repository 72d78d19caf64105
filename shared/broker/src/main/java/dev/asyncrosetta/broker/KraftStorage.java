package dev.asyncrosetta.broker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import kafka.tools.StorageTool;

/**
 * Formats a KRaft node's log directory before its first start: writes meta.properties (cluster id,
 * node id) and the bootstrap metadata (the release's metadata.version and feature levels).
 *
 * <p>Done through {@code kafka.tools.StorageTool}, the class behind {@code kafka-storage.sh format}
 * and one of the internal classes that pin Kafka's version: the same arguments an operator types, so
 * this formats exactly as the CLI of the pinned release does (which directories, which features, the
 * bootstrap snapshot a controller needs), rather than re-creating those steps on
 * {@code org.apache.kafka.metadata.storage.Formatter}, whose setters change from release to release.
 */
final class KraftStorage {
    private KraftStorage() {
    }

    static void format(Path serverProperties, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", serverProperties.toString()}, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("kafka-storage format failed for " + serverProperties + ": " + e.getMessage(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("kafka-storage format exited with " + exitCode + " for " + serverProperties + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
