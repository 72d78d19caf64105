package dev.asyncrosetta.payments;

import static java.util.Objects.requireNonNull;

import dev.asyncrosetta.model.PaymentTopics;
import java.net.URI;
import java.time.Duration;

/** What one payment service was started with; {@link PaymentServiceBuilder} fills in the defaults. */
record Settings(
        URI shop,
        PaymentTopics topics,
        String group,
        String name,
        int partitions,
        Duration callTimeout,
        int maxAttempts,
        Duration firstBackoff,
        Duration retryBackoff,
        Duration restartDelay,
        Duration pollTimeout,
        Duration maxPollInterval,
        int maxPollRecords) {

    Settings {
        requireNonNull(shop, "shop");
        requireNonNull(topics, "topics");
        requireNonNull(group, "group");
        requireNonNull(name, "name");
        if (group.isBlank() || name.isBlank()) throw new IllegalArgumentException("group and name must not be blank");
        if (partitions < 1) throw new IllegalArgumentException("partitions must be positive");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
        if (maxPollRecords < 1) throw new IllegalArgumentException("maxPollRecords must be positive");
        for (Duration d : new Duration[] {callTimeout, firstBackoff, retryBackoff, restartDelay, pollTimeout, maxPollInterval}) {
            if (requireNonNull(d, "a duration").isNegative()) throw new IllegalArgumentException("durations must not be negative: " + d);
        }
        if (callTimeout.isZero() || pollTimeout.isZero() || maxPollInterval.isZero()) {
            throw new IllegalArgumentException("callTimeout, pollTimeout and maxPollInterval must be positive");
        }
    }

    /** The wait after failed attempt {@code n} of one payment call: firstBackoff, then 2x, 4x ... */
    Duration backoffAfter(int n) {
        return firstBackoff.multipliedBy(1L << Math.min(n - 1, 20));
    }
}
