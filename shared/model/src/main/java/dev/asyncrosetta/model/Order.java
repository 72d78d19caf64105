package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/** One order of a user; {@code GET /users/{id}/orders} lists the open ones. */
public record Order(String id, String userId, String status) {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";

    public Order {
        requireNonNull(id, "id");
        requireNonNull(userId, "userId");
        requireNonNull(status, "status");
    }
}
