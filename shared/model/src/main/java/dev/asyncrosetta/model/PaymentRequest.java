package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The body of {@code POST /payments}; the Idempotency-Key travels as a header. */
public record PaymentRequest(String userId, List<String> orderIds, long amountCents) {
    public PaymentRequest {
        requireNonNull(userId, "userId");
        orderIds = List.copyOf(requireNonNull(orderIds, "orderIds"));
    }

    /** The payment for everything the workflow fetched: the sum of the details' totals. */
    public static PaymentRequest forDetails(User user, List<OrderDetails> details) {
        return new PaymentRequest(
                user.id(),
                details.stream().map(OrderDetails::orderId).toList(),
                Receipt.totalOf(details));
    }
}
