package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

/**
 * A call to the shop failed for good: not retryable, or retried until the attempts ran out. On the
 * broker path, the payment step fails this way too: the request could not be published, or the payment
 * service could not pay it.
 */
public final class DownstreamException extends CheckoutException {

    /** What the last attempt's failure was. */
    public enum Kind {
        /** No answer within callTimeout; the exchange was aborted. */
        TIMEOUT,
        /** An answer with a status the workflow does not accept. */
        HTTP_ERROR,
        /** The connection was refused, reset or closed before the answer. */
        CONNECTION,
        /** An answer whose body is not the JSON the step expects. */
        MALFORMED_RESPONSE,
        /**
         * The payment request could not be handed to the broker: refused by the producer at once (a
         * record larger than it accepts, M11), or not acknowledged within callTimeout (unreachable, or no
         * leader for the partition). A request the producer had already sent may still arrive later; it
         * is then charged once, never twice (its request id is the Idempotency-Key). A refused record
         * never arrives, but one kind covers both, so the message always carries that caveat (the
         * cause tells them apart).
         */
        BROKER_UNAVAILABLE,
        /** The payment service answered FAILED: the request can never be paid as it stands. Nothing was charged. */
        PAYMENT_FAILED
    }

    private final Step step;
    private final Kind kind;
    private final int attempts;

    public DownstreamException(Step step, Kind kind, int attempts, Throwable cause) {
        super(step + " call failed (" + kind + ") after " + attempts + (attempts == 1 ? " attempt" : " attempts") + caveatOf(kind), cause);
        this.step = requireNonNull(step, "step");
        this.kind = requireNonNull(kind, "kind");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be positive");
        this.attempts = attempts;
    }

    /** What the caller of a failed broker publish must know: the failure does not mean the request is gone. */
    private static String caveatOf(Kind kind) {
        return kind == Kind.BROKER_UNAVAILABLE
                ? ": the request may still reach the broker and be charged later, once (look it up by its request id)"
                : "";
    }

    public Step step() {
        return step;
    }

    public Kind kind() {
        return kind;
    }

    public int attempts() {
        return attempts;
    }
}
