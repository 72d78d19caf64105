package dev.asyncrosetta.model;

import dev.asyncrosetta.model.DownstreamException.Kind;

/**
 * Why one attempt of one HTTP call failed, in words every style shares. Each style's HTTP client
 * turns its library's errors into a CallFailure; the workflow retries the transient ones and, once,
 * at its edge, turns the last one into the {@link CheckoutException} the caller sees
 * ({@link #toCheckoutException}). It never reaches a caller itself.
 *
 * <p><b>The one rule for translating a transport failure</b> (docs/CONTRACT.md, "Failures"), applied
 * by every style's client adapter, whatever its library calls the failure:
 * <ul>
 *   <li>{@link Kind#TIMEOUT} ({@link #timeout}): the call's {@code callTimeout} ran out, whatever the
 *       call was waiting for then: a pooled connection, the connect, the head or the rest of the body.
 *       The exchange is aborted. Transient.
 *   <li>{@link Kind#CONNECTION} ({@link #connection}): no complete answer because the connection
 *       failed: refused, reset, or closed before or during the answer. Transient.
 *   <li>{@link Kind#HTTP_ERROR} ({@link #status}): a complete answer with a status the step does not
 *       accept (redirects included: they are never followed). Transient only for 5xx.
 *   <li>{@link Kind#MALFORMED_RESPONSE}: an answer arrived but cannot be used: it is not HTTP (a bad
 *       status line, a header that breaks RFC 9112's framing), its header section is over
 *       {@link ShopApi#MAX_HEADER_BYTES} ({@link #unparseable}), its body is over
 *       {@link ShopApi#MAX_ANSWER_BYTES} ({@link #tooLarge}), or its body is not the JSON the step
 *       expects ({@link #malformed}). Not transient: the same shop would answer the same again.
 *   <li>On the broker path ({@link BrokerPayments}): {@link Kind#BROKER_UNAVAILABLE}
 *       ({@link #brokerUnavailable}) when the broker does not acknowledge the payment request within
 *       callTimeout, whatever the client library reports (a metadata timeout, a delivery timeout, a
 *       refused connection); {@link Kind#PAYMENT_FAILED} ({@link #paymentFailed}) for a FAILED
 *       {@link PaymentOutcome}. Neither is transient: the producer has already retried, and the
 *       service's FAILED is final. A DECLINED outcome is the status 402 of the HTTP path:
 *       {@code status(402)}, which becomes a {@link PaymentDeclinedException}.
 *   <li>Anything else is not a CallFailure: a bug in the style or its library (a
 *       NullPointerException, an IllegalStateException from a misused client). It is not retried,
 *       and it reaches the caller unchanged as the failure of the checkout's future, so that a bug
 *       looks like a bug and not like a flaky shop.
 * </ul>
 */
public final class CallFailure extends RuntimeException {
    private final Kind kind;
    private final int status;

    private CallFailure(Kind kind, int status, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
    }

    /** The shop answered with a status the step does not accept. */
    public static CallFailure status(int status) {
        return new CallFailure(Kind.HTTP_ERROR, status, "HTTP " + status, null);
    }

    /** No answer within the per-call timeout; the caller has aborted the exchange. */
    public static CallFailure timeout(Throwable cause) {
        return new CallFailure(Kind.TIMEOUT, 0, "no answer within the call timeout", cause);
    }

    /** Refused, reset, or closed before the answer was complete. */
    public static CallFailure connection(Throwable cause) {
        return new CallFailure(Kind.CONNECTION, 0, "connection failed: " + cause, cause);
    }

    /** The answer's body was not the JSON the step expects. */
    public static CallFailure malformed(Throwable cause) {
        return new CallFailure(Kind.MALFORMED_RESPONSE, 0, "malformed response: " + cause.getMessage(), cause);
    }

    /** The answer was not HTTP the client could parse: status line, header framing, or a head over the limit. */
    public static CallFailure unparseable(Throwable cause) {
        return new CallFailure(Kind.MALFORMED_RESPONSE, 0, "unparseable HTTP answer: " + cause, cause);
    }

    /** The answer's body is (or announced itself as) larger than {@link ShopApi#MAX_ANSWER_BYTES}. */
    public static CallFailure tooLarge(long bytes) {
        return new CallFailure(Kind.MALFORMED_RESPONSE, 0,
                "answer body of " + bytes + "+ bytes is over the limit of " + ShopApi.MAX_ANSWER_BYTES + " bytes", null);
    }

    /**
     * The broker did not acknowledge a payment request within callTimeout (or refused it). The producer
     * already retried within that time, so the workflow does not.
     */
    public static CallFailure brokerUnavailable(Throwable cause) {
        return new CallFailure(Kind.BROKER_UNAVAILABLE, 0, "the broker did not acknowledge the payment request: " + cause, cause);
    }

    /** The payment service published FAILED for the request, with this reason. */
    public static CallFailure paymentFailed(String reason) {
        return new CallFailure(Kind.PAYMENT_FAILED, 0, "the payment service could not pay: " + reason, null);
    }

    /**
     * What an outcome other than PAID means, in the one rule: DECLINED is the shop's 402 (a
     * {@link PaymentDeclinedException} once mapped), FAILED is {@link #paymentFailed}.
     */
    public static CallFailure of(PaymentOutcome outcome) {
        switch (outcome.result()) {
            case DECLINED:
                return status(402);
            case FAILED:
                return paymentFailed(outcome.reason().orElseThrow());
            default:
                throw new IllegalArgumentException("a PAID outcome is no failure: " + outcome);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status for {@link Kind#HTTP_ERROR}, else 0. */
    public int status() {
        return status;
    }

    /** Timeouts, connection failures and 5xx may succeed if tried again; 4xx and bad bodies will not. */
    public boolean isTransient() {
        return switch (kind) {
            case TIMEOUT, CONNECTION -> true;
            case HTTP_ERROR -> status >= 500;
            case MALFORMED_RESPONSE, BROKER_UNAVAILABLE, PAYMENT_FAILED -> false;
        };
    }

    /** The one mapping from a call's final failure to what the caller of checkout sees. */
    public CheckoutException toCheckoutException(Step step, String userId, int attempts) {
        if (step == Step.USER && status == 404) {
            return new UserNotFoundException(userId);
        }
        if (step == Step.PAYMENT && status == 402) {
            return new PaymentDeclinedException(userId);
        }
        return new DownstreamException(step, kind, attempts, this);
    }

    /** Passes 2xx through; any other status is a failure of this attempt. */
    public static int requireSuccess(int status) {
        if (status < 200 || status > 299) {
            throw status(status);
        }
        return status;
    }
}
