package dev.asyncrosetta.model;

/**
 * Every way a checkout can fail, and nothing else: a caller can switch over the eight subclasses
 * exhaustively. The last three are the resilience policy's rejections, each made before any call of its own. Each style maps its library's errors into this family once, at its edge.
 */
public abstract sealed class CheckoutException extends RuntimeException
        permits InvalidRequestException,
                UserNotFoundException,
                PaymentDeclinedException,
                DownstreamException,
                DeadlineExceededException,
                CircuitOpenException,
                PaymentBulkheadFullException,
                OverloadedException {

    protected CheckoutException(String message) {
        super(message);
    }

    protected CheckoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
