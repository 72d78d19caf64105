package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The checks every policy record makes on its input: a clear IllegalArgumentException, before any service opens. */
final class PolicyChecks {
    private PolicyChecks() {}

    static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ", got " + value);
        }
    }

    static void positive(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    static void notNegative(String name, Duration value) {
        requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
