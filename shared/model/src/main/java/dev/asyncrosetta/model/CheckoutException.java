package dev.asyncrosetta.model;

/**
 * Every way a checkout can fail, and nothing else: a caller can switch over the five subclasses
 * exhaustively. Each style maps its library's errors into this family once, at its edge.
 */
public abstract sealed class CheckoutException extends RuntimeException
        permits InvalidRequestException,
                UserNotFoundException,
                PaymentDeclinedException,
                DownstreamException,
                DeadlineExceededException {

    protected CheckoutException(String message) {
        super(message);
    }

    protected CheckoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
