package dev.asyncrosetta.model;

/** The shop answered 402 to the payment; not retried. */
public final class PaymentDeclinedException extends CheckoutException {
    public PaymentDeclinedException(String userId) {
        super("payment declined for user " + userId);
    }
}
