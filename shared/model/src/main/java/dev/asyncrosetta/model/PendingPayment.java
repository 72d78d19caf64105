package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/**
 * A payment asked for through the broker and not confirmed yet: the broker acknowledged the request,
 * the payment service will charge it (once: the request id is its Idempotency-Key) and publish its
 * {@link PaymentOutcome} under that id.
 *
 * @param requestId the payment request's id, which is the checkout's request id
 * @param request   what was asked: the user, the order ids in the orders' order, the amount
 */
public record PendingPayment(String requestId, PaymentRequest request) {
    public PendingPayment {
        requireNonNull(requestId, "requestId");
        requireNonNull(request, "request");
    }
}
