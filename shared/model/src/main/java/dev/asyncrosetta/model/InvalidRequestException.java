package dev.asyncrosetta.model;

/** The request was rejected before any HTTP call was made. */
public final class InvalidRequestException extends CheckoutException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
