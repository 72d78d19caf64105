package dev.asyncrosetta.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka client properties file, as {@code kafka-console-producer.sh --command-config} reads one:
 * what a real cluster asks of every client, typically {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*}.
 */
final class ClientPropertiesFile {
    private ClientPropertiesFile() {
    }

    static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Kafka client properties file " + file, e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            entries.put(name, properties.getProperty(name).trim());
        }
        return entries;
    }
}
