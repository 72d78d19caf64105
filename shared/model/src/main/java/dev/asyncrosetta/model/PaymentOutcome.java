package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What became of one {@link PaymentRequestMessage}, published by the payment service on
 * {@link PaymentTopics#outcomes()} under the same key, the request id, and written with {@link Json}.
 *
 * <p>Delivery is at least once: a request delivered twice gets two outcomes, both for the one charge
 * (the second carries the same {@link Payment}). A reader keeps the first outcome per request id, or
 * any: they agree.
 *
 * @param payment present exactly when {@code result} is {@link Result#PAID}: the payment the shop
 *                captured for this request id (the first time, or answered again for a replay)
 * @param reason  present exactly when {@code result} is not PAID: the shop's decline reason
 *                ({@code card_declined}), or why the request could not be paid at all
 */
public record PaymentOutcome(String requestId, Result result, Optional<Payment> payment, Optional<String> reason) {

    public enum Result {
        /** The shop captured the payment (201), now or for an earlier delivery of the same request (200). */
        PAID,
        /** The shop declined the card (402). Nothing was charged; sending it again would decline again. */
        DECLINED,
        /**
         * The request can never be paid as it stands: the shop refused it (a 4xx other than 402: a payment
         * that is not the user's open orders at their total, or the request id reused for another
         * payment), answered something that is not a payment, or the message itself was unreadable.
         * Not charged. Passing failures (the shop down, 5xx, timeouts) are never FAILED: the service
         * retries those until the shop answers, and the request waits in the topic meanwhile.
         */
        FAILED
    }

    public PaymentOutcome {
        requireNonNull(requestId, "requestId");
        requireNonNull(result, "result");
        requireNonNull(payment, "payment");
        requireNonNull(reason, "reason");
        if (result == Result.PAID && (payment.isEmpty() || reason.isPresent())) {
            throw new IllegalArgumentException("a PAID outcome has a payment and no reason");
        }
        if (result != Result.PAID && (payment.isPresent() || reason.isEmpty() || reason.get().isBlank())) {
            throw new IllegalArgumentException("a " + result + " outcome has a reason and no payment");
        }
    }

    public static PaymentOutcome paid(String requestId, Payment payment) {
        return new PaymentOutcome(requestId, Result.PAID, Optional.of(requireNonNull(payment, "payment")), Optional.empty());
    }

    public static PaymentOutcome declined(String requestId, String reason) {
        return new PaymentOutcome(requestId, Result.DECLINED, Optional.empty(), Optional.of(requireNonNull(reason, "reason")));
    }

    public static PaymentOutcome failed(String requestId, String reason) {
        return new PaymentOutcome(requestId, Result.FAILED, Optional.empty(), Optional.of(requireNonNull(reason, "reason")));
    }

    /** The JSON value of the record. */
    public byte[] toJson() {
        return Json.write(this);
    }

    /** Reads a record's value; a value that is not an outcome is a {@link CallFailure#malformed}. */
    public static PaymentOutcome fromJson(byte[] value) {
        return Json.read(value, PaymentOutcome.class);
    }
}
