package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a successful checkout returns. At most one of {@code payment} and {@code pendingPayment} is
 * present: {@code payment} when the shop captured the payment, {@code pendingPayment} when the payment
 * went through the broker and its outcome was not awaited or not there by the deadline
 * ({@link BrokerPayments.Mode}); neither when the user had no open orders.
 */
public record Receipt(
        String requestId,
        User user,
        List<Order> orders,
        List<OrderDetails> details,
        Optional<Payment> payment,
        long totalCents,
        Optional<PendingPayment> pendingPayment) {

    public Receipt {
        requireNonNull(requestId, "requestId");
        requireNonNull(user, "user");
        orders = List.copyOf(requireNonNull(orders, "orders"));
        details = List.copyOf(requireNonNull(details, "details"));
        requireNonNull(payment, "payment");
        requireNonNull(pendingPayment, "pendingPayment");
        if (payment.isPresent() && pendingPayment.isPresent()) {
            throw new IllegalArgumentException("a payment is either captured or pending, not both");
        }
    }

    /** A receipt whose payment, if any, was captured: every receipt of the HTTP path. */
    public Receipt(String requestId, User user, List<Order> orders, List<OrderDetails> details, Optional<Payment> payment, long totalCents) {
        this(requestId, user, orders, details, payment, totalCents, Optional.empty());
    }

    /** The receipt of a payment the broker acknowledged and nobody has seen charged yet. */
    public static Receipt pending(String requestId, User user, List<Order> orders, List<OrderDetails> details, PendingPayment pending) {
        return new Receipt(requestId, user, orders, details, Optional.empty(), totalOf(details), Optional.of(pending));
    }

    /** True when the payment was asked for through the broker and is not confirmed yet. */
    public boolean isPaymentPending() {
        return pendingPayment.isPresent();
    }

    /** The receipt of a user with nothing to pay: no details, no payment call. */
    public static Receipt nothingToPay(String requestId, User user) {
        return new Receipt(requestId, user, List.of(), List.of(), Optional.empty(), 0);
    }

    public static Receipt paid(String requestId, User user, List<Order> orders, List<OrderDetails> details, Payment payment) {
        return new Receipt(requestId, user, orders, details, Optional.of(payment), totalOf(details));
    }

    public static long totalOf(List<OrderDetails> details) {
        return details.stream().mapToLong(OrderDetails::totalCents).sum();
    }
}
