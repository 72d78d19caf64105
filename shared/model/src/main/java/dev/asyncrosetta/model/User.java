package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/** A shop customer, as {@code GET /users/{id}} returns it. */
public record User(String id, String name, String email) {
    public User {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(email, "email");
    }
}
