package dev.asyncrosetta.model;

import java.time.Duration;

/**
 * The checkout reached the payment while the circuit breaker was open (too many payment calls had
 * failed) or half-open with every probe call taken: no payment call was made, nothing was charged.
 * Asking again later, with the same request id, is safe.
 */
public final class CircuitOpenException extends CheckoutException {
    public CircuitOpenException(Duration openFor) {
        super("payment not attempted: the circuit breaker on the payment route is open (it lets probe calls through "
                + openFor.toMillis() + " ms after it opened)");
    }
}
