package dev.asyncrosetta.model;

import java.time.Duration;

/** The whole checkout ran past its deadline; whatever was in flight was aborted. */
public final class DeadlineExceededException extends CheckoutException {
    public DeadlineExceededException(Duration deadline) {
        super("checkout did not finish within its deadline of " + deadline.toMillis() + " ms");
    }
}
