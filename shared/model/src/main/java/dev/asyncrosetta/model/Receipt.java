package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What a successful checkout returns. {@code payment} is empty when the user had no open orders. */
public record Receipt(
        String requestId,
        User user,
        List<Order> orders,
        List<OrderDetails> details,
        Optional<Payment> payment,
        long totalCents) {

    public Receipt {
        requireNonNull(requestId, "requestId");
        requireNonNull(user, "user");
        orders = List.copyOf(requireNonNull(orders, "orders"));
        details = List.copyOf(requireNonNull(details, "details"));
        requireNonNull(payment, "payment");
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
