package dev.asyncrosetta.backend;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What a matching {@link FaultRule} does to a call instead of, or on top of, answering it. */
public sealed interface Fault {

    /** Answer normally, but later. For a payment the charge happens at once: only the answer is late. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            requireNonNull(delay, "delay");
            if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative");
        }
    }

    /** Answer this status with an error body, without doing the call's work (no charge). */
    record Status(int status) implements Fault {
        public Status {
            if (status < 100 || status > 599) throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    /** Never answer; the call stays in flight until the client gives up. */
    record Hang() implements Fault {}

    /** Close the connection instead of answering. */
    record Reset() implements Fault {}

    /** Answer 200 with a body the client cannot use: broken JSON, or JSON missing a required field. */
    record Malformed(boolean missingField) implements Fault {}

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault status(int status) {
        return new Status(status);
    }

    static Fault hang() {
        return new Hang();
    }

    static Fault reset() {
        return new Reset();
    }

    static Fault badJson() {
        return new Malformed(false);
    }

    static Fault missingField() {
        return new Malformed(true);
    }
}
