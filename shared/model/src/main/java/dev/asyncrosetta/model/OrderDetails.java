package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What {@code GET /orders/{id}/details} returns: the lines and their total. */
public record OrderDetails(String orderId, List<LineItem> lines, long totalCents) {
    public OrderDetails {
        requireNonNull(orderId, "orderId");
        lines = List.copyOf(requireNonNull(lines, "lines"));
    }
}
