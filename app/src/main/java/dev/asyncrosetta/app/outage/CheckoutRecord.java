package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * How one checkout of a run went, on this JVM's clock: when its caller asked, when the caller had an
 * answer, and which.
 *
 * @param failure what failed it, in a few words (empty unless {@code ending} is FAILED)
 */
record CheckoutRecord(String requestId, long startNanos, long endNanos, Ending ending, String failure) {

    enum Ending {
        /** A receipt with the shop's payment: the payment was made while the caller waited. */
        PAID,
        /** A receipt whose payment is pending: the broker has the request, the payment service charges it later. */
        PAYMENT_PENDING,
        /** The caller got a failure instead of a receipt. */
        FAILED
    }

    static CheckoutRecord of(String requestId, long startNanos, long endNanos, Receipt receipt, Throwable failure) {
        if (failure != null) return new CheckoutRecord(requestId, startNanos, endNanos, Ending.FAILED, describe(failure));
        Ending ending = receipt.isPaymentPending() ? Ending.PAYMENT_PENDING : Ending.PAID;
        return new CheckoutRecord(requestId, startNanos, endNanos, ending, "");
    }

    boolean completed() {
        return ending != Ending.FAILED;
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
