package dev.asyncrosetta.broker.junit;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Topic and consumer-group names of one test, different from every other test's: the test's class and
 * display name, made legal for Kafka, then this JVM's run id and a counter. Tests sharing one broker
 * (and runs sharing one external cluster) then never read each other's records or offsets.
 *
 * <p>Every call returns a new name: call once and keep it for a topic the test uses twice.
 */
public final class KafkaNames {
    /** Kafka's limit on a topic name's length. */
    static final int MAX_TOPIC_LENGTH = 249;
    /** The readable part stays short enough for the unique suffix to fit well within that limit. */
    private static final int MAX_BASE_LENGTH = 180;
    /** Tells this JVM's names from those of other runs against the same external cluster. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong COUNTER = new AtomicLong();

    private final String base;

    private KafkaNames(String base) {
        this.base = base;
    }

    /** Names for the test whose class and display name these are. */
    public static KafkaNames of(String testClass, String displayName) {
        String base = legal(testClass + "-" + displayName);
        return new KafkaNames(base.isEmpty() ? "test" : base);
    }

    /** A new topic name, for example {@code RoundTripTest-sendsAndReceives-3f9c2a1b-7}. */
    public String topic() {
        return next("");
    }

    /** A new consumer group id. */
    public String group() {
        return next("group-");
    }

    private String next(String prefix) {
        return prefix + base + "-" + RUN + "-" + COUNTER.incrementAndGet();
    }

    /**
     * {@code raw} with every run of characters other than ASCII letters, digits and '-' made one '-',
     * no '-' at either end, at most {@value #MAX_BASE_LENGTH} characters. Kafka also allows '.' and '_'
     * but warns that topics differing only in those collide in metric names, so neither is used.
     */
    static String legal(String raw) {
        String dashed = raw.replaceAll("[^A-Za-z0-9-]+", "-").replaceAll("-{2,}", "-");
        String trimmed = dashed.replaceAll("^-|-$", "");
        if (trimmed.length() <= MAX_BASE_LENGTH) {
            return trimmed;
        }
        return trimmed.substring(0, MAX_BASE_LENGTH).replaceAll("-$", "");
    }
}
