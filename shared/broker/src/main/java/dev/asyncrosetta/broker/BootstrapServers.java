package dev.asyncrosetta.broker;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a cluster's bootstrap servers come from: the {@code --kafka} option, else the
 * {@code KAFKA_BOOTSTRAP_SERVERS} environment variable, else nowhere (then an embedded broker is
 * started).
 */
final class BootstrapServers {
    /** {@code host:port}, the host a name, an IPv4 address or a bracketed IPv6 address. */
    private static final Pattern ADDRESS = Pattern.compile("(\\[[0-9A-Fa-f:.%\\w]+\\]|[^\\s:,\\[\\]]+):\\d{1,5}");

    private BootstrapServers() {
    }

    static Optional<String> resolve(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return Optional.of(validate(option, "--kafka"));
        }
        String fromEnv = env.get(KafkaCluster.BOOTSTRAP_SERVERS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(validate(fromEnv, KafkaCluster.BOOTSTRAP_SERVERS_ENV));
        }
        return Optional.empty();
    }

    /** {@code HOST:PORT[,HOST:PORT...]}, with the spaces around each entry removed. */
    static String validate(String servers, String source) {
        String[] entries = servers.split(",", -1);
        StringBuilder normalized = new StringBuilder();
        for (String entry : entries) {
            String address = entry.trim();
            if (!ADDRESS.matcher(address).matches() || Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) > 65_535) {
                throw new IllegalArgumentException(source + " must be HOST:PORT[,HOST:PORT...], not '" + servers + "'");
            }
            if (normalized.length() > 0) {
                normalized.append(',');
            }
            normalized.append(address);
        }
        return normalized.toString();
    }
}
