package dev.asyncrosetta.model;

import java.time.Duration;

/**
 * At most {@code maxConcurrentPayments} payment calls in flight at once across every checkout of one
 * service. A checkout that reaches the payment while they are all taken waits for one up to
 * {@code maxWait} (zero: not at all), without holding a thread that other checkouts need, and then
 * fails with {@link PaymentBulkheadFullException} without calling the payment route.
 */
public record BulkheadPolicy(int maxConcurrentPayments, Duration maxWait) {

    public BulkheadPolicy {
        PolicyChecks.within("maxConcurrentPayments", maxConcurrentPayments, 1, 10_000);
        PolicyChecks.notNegative("maxWait", maxWait);
    }

    /** No wait: a payment that finds every place taken is rejected at once. */
    public static BulkheadPolicy rejecting(int maxConcurrentPayments) {
        return new BulkheadPolicy(maxConcurrentPayments, Duration.ZERO);
    }
}
