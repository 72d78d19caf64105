package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How patient and how parallel a checkout is. Every style reads the same policy, so the same policy
 * gives the same behaviour in every style.
 *
 * @param callTimeout each HTTP call is aborted (the exchange really cancelled) after this long
 * @param deadline the whole checkout fails with {@link DeadlineExceededException} after this long
 * @param maxAttempts attempts in all for one call, the first included (1 means no retry)
 * @param firstBackoff the wait before the second attempt; it doubles before each further one
 * @param detailsConcurrency at most this many detail calls in flight at once
 */
public record CheckoutPolicy(
        Duration callTimeout, Duration deadline, int maxAttempts, Duration firstBackoff, int detailsConcurrency) {

    public CheckoutPolicy {
        requirePositive("callTimeout", callTimeout);
        requirePositive("deadline", deadline);
        requirePositive("firstBackoff", firstBackoff);
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be within 1..10, got " + maxAttempts);
        }
        if (detailsConcurrency < 1 || detailsConcurrency > 256) {
            throw new IllegalArgumentException("detailsConcurrency must be within 1..256, got " + detailsConcurrency);
        }
    }

    public static CheckoutPolicy defaults() {
        return new CheckoutPolicy(Duration.ofSeconds(2), Duration.ofSeconds(10), 3, Duration.ofMillis(100), 4);
    }

    /**
     * The wait after the given failed attempt: firstBackoff after the first, then 2x, 4x ...
     *
     * @param failedAttempt the attempt that just failed, 1-based
     */
    public Duration backoffAfter(int failedAttempt) {
        if (failedAttempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + failedAttempt);
        }
        return firstBackoff.multipliedBy(1L << (failedAttempt - 1));
    }

    public CheckoutPolicy withCallTimeout(Duration value) {
        return new CheckoutPolicy(value, deadline, maxAttempts, firstBackoff, detailsConcurrency);
    }

    public CheckoutPolicy withDeadline(Duration value) {
        return new CheckoutPolicy(callTimeout, value, maxAttempts, firstBackoff, detailsConcurrency);
    }

    public CheckoutPolicy withMaxAttempts(int value) {
        return new CheckoutPolicy(callTimeout, deadline, value, firstBackoff, detailsConcurrency);
    }

    public CheckoutPolicy withFirstBackoff(Duration value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, value, detailsConcurrency);
    }

    public CheckoutPolicy withDetailsConcurrency(int value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, firstBackoff, value);
    }

    private static void requirePositive(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
