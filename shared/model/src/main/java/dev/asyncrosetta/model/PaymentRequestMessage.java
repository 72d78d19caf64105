package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/**
 * A checkout's request to be paid, as it travels through the broker to the payment service: the JSON
 * value of one record on {@link PaymentTopics#requests()}, written and read with {@link Json}.
 *
 * <p>{@code requestId} is the checkout's request id and plays three parts: the record's key (so every
 * copy of one request lands on the same partition, in order), the {@code Idempotency-Key} and the
 * {@code X-Request-Id} of the service's {@code POST /payments}. Because it is the Idempotency-Key, the
 * same message delivered twice (a duplicate publish, or a redelivery after a crash) is one charge.
 *
 * @param payment the body of {@code POST /payments}: the user, the order ids in the orders' order and
 *                the amount, exactly what a direct payment would send
 */
public record PaymentRequestMessage(String requestId, PaymentRequest payment) {
    public PaymentRequestMessage {
        requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) throw new IllegalArgumentException("requestId must not be blank");
        requireNonNull(payment, "payment");
    }

    /** The message for one checkout: its request id, and the payment the workflow would have sent itself. */
    public static PaymentRequestMessage of(String requestId, PaymentRequest payment) {
        return new PaymentRequestMessage(requestId, payment);
    }

    /** The JSON value of the record. */
    public byte[] toJson() {
        return Json.write(this);
    }

    /** Reads a record's value; a value that is not this message is a {@link CallFailure#malformed}. */
    public static PaymentRequestMessage fromJson(byte[] value) {
        return Json.read(value, PaymentRequestMessage.class);
    }
}
