package dev.asyncrosetta.payments;

import dev.asyncrosetta.model.PaymentOutcome;

/** What one request's payment came to at the shop, after the bounded retries of one delivery. */
sealed interface ChargeResult {

    /** The shop decided (paid, declined or refused): the outcome to publish. */
    record Decided(PaymentOutcome outcome) implements ChargeResult {}

    /**
     * No decision: the shop could not be reached, timed out or answered 5xx on every attempt. The
     * request is not committed; it is taken again later, under the same Idempotency-Key.
     */
    record Unavailable(String reason) implements ChargeResult {}
}
