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
 * @param resilience the circuit breaker, bulkhead and admission control, each off unless given
 */
public record CheckoutPolicy(
        Duration callTimeout, Duration deadline, int maxAttempts, Duration firstBackoff, int detailsConcurrency,
        ResiliencePolicy resilience) {

    public CheckoutPolicy {
        PolicyChecks.positive("callTimeout", callTimeout);
        PolicyChecks.positive("deadline", deadline);
        PolicyChecks.positive("firstBackoff", firstBackoff);
        PolicyChecks.within("maxAttempts", maxAttempts, 1, 10);
        PolicyChecks.within("detailsConcurrency", detailsConcurrency, 1, 256);
        requireNonNull(resilience, "resilience (ResiliencePolicy.NONE for none)");
    }

    /** Without any resilience protection: what C1-C40 run with. */
    public CheckoutPolicy(Duration callTimeout, Duration deadline, int maxAttempts, Duration firstBackoff, int detailsConcurrency) {
        this(callTimeout, deadline, maxAttempts, firstBackoff, detailsConcurrency, ResiliencePolicy.NONE);
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
        return new CheckoutPolicy(value, deadline, maxAttempts, firstBackoff, detailsConcurrency, resilience);
    }

    public CheckoutPolicy withDeadline(Duration value) {
        return new CheckoutPolicy(callTimeout, value, maxAttempts, firstBackoff, detailsConcurrency, resilience);
    }

    public CheckoutPolicy withMaxAttempts(int value) {
        return new CheckoutPolicy(callTimeout, deadline, value, firstBackoff, detailsConcurrency, resilience);
    }

    public CheckoutPolicy withFirstBackoff(Duration value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, value, detailsConcurrency, resilience);
    }

    public CheckoutPolicy withDetailsConcurrency(int value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, firstBackoff, value, resilience);
    }

    public CheckoutPolicy withCircuitBreaker(CircuitBreakerPolicy value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, firstBackoff, detailsConcurrency, resilience.withCircuitBreaker(value));
    }

    public CheckoutPolicy withBulkhead(BulkheadPolicy value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, firstBackoff, detailsConcurrency, resilience.withBulkhead(value));
    }

    public CheckoutPolicy withAdmission(AdmissionPolicy value) {
        return new CheckoutPolicy(callTimeout, deadline, maxAttempts, firstBackoff, detailsConcurrency, resilience.withAdmission(value));
    }
}
