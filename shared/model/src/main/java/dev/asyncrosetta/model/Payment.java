package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A captured payment, as {@code POST /payments} answers it. */
public record Payment(String id, String userId, long amountCents, List<String> orderIds, String status) {
    public static final String CAPTURED = "CAPTURED";

    public Payment {
        requireNonNull(id, "id");
        requireNonNull(userId, "userId");
        orderIds = List.copyOf(requireNonNull(orderIds, "orderIds"));
        requireNonNull(status, "status");
    }
}
