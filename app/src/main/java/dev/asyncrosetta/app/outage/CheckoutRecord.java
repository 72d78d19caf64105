package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.model.CircuitOpenException;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.OverloadedException;
import dev.asyncrosetta.model.PaymentBulkheadFullException;
import dev.asyncrosetta.model.Receipt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * How one checkout of a run went, on this JVM's clock: when its caller asked, when the caller had an
 * answer, and which.
 *
 * @param needsPayment whether its user has open orders: a checkout of a user with nothing to pay never
 *                     reaches the payment, so its latency shows whether the outage spread beyond it
 * @param failure      what failed it, in a few words (empty unless {@code ending} is FAILED)
 */
record CheckoutRecord(String requestId, boolean needsPayment, long startNanos, long endNanos, Ending ending, String failure) {

    /** The protections' refusals: each ends the checkout at once, without calling the payment service. */
    private static final Set<String> REJECTIONS = Set.of(CircuitOpenException.class.getSimpleName(),
            PaymentBulkheadFullException.class.getSimpleName(), OverloadedException.class.getSimpleName());
    private static final String DEADLINE = DeadlineExceededException.class.getSimpleName();

    enum Ending {
        /** A receipt with the shop's payment (or nothing to pay): the payment was made while the caller waited. */
        PAID,
        /** A receipt whose payment is pending: the broker has the request, the payment service charges it later. */
        PAYMENT_PENDING,
        /** The caller got a failure instead of a receipt. */
        FAILED
    }

    static CheckoutRecord of(String requestId, boolean needsPayment, long startNanos, long endNanos, Receipt receipt,
            Throwable failure) {
        if (failure != null) {
            return new CheckoutRecord(requestId, needsPayment, startNanos, endNanos, Ending.FAILED, describe(failure));
        }
        Ending ending = receipt.isPaymentPending() ? Ending.PAYMENT_PENDING : Ending.PAID;
        return new CheckoutRecord(requestId, needsPayment, startNanos, endNanos, ending, "");
    }

    boolean completed() {
        return ending != Ending.FAILED;
    }

    /** Refused by the circuit breaker, the payment bulkhead or admission control. */
    boolean failedFast() {
        return ending == Ending.FAILED && REJECTIONS.contains(failure);
    }

    /** Failed at its deadline, whatever it was waiting for. */
    boolean timedOut() {
        return ending == Ending.FAILED && failure.equals(DEADLINE);
    }

    long latencyNanos() {
        return endNanos - startNanos;
    }

    /** E.g. {@code DeadlineExceededException} or {@code DownstreamException PAYMENT TIMEOUT}. */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DownstreamException downstream) {
            return "DownstreamException " + downstream.step() + " " + downstream.kind();
        }
        return cause instanceof CancellationException ? "cancelled" : cause.getClass().getSimpleName();
    }
}
