package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/**
 * The two topics between the checkouts and the payment service: checkouts publish
 * {@link PaymentRequestMessage}s on {@code requests}, the payment service publishes a
 * {@link PaymentOutcome} for each on {@code outcomes}. Both are keyed by the request id. Tests give
 * each test topics of its own; a program uses {@link #DEFAULT}.
 */
public record PaymentTopics(String requests, String outcomes) {
    public static final PaymentTopics DEFAULT = new PaymentTopics("payment-requests", "payment-outcomes");

    public PaymentTopics {
        requireNonNull(requests, "requests");
        requireNonNull(outcomes, "outcomes");
        if (requests.isBlank() || outcomes.isBlank()) throw new IllegalArgumentException("topic names must not be blank");
        // The service reads one and writes the other: one topic for both would feed its outcomes back to it.
        if (requests.equals(outcomes)) throw new IllegalArgumentException("requests and outcomes need two topics, not " + requests);
    }
}
