package dev.asyncrosetta.app;

import dev.asyncrosetta.model.Receipt;
import java.util.Optional;

/** How a checkout ended: a Receipt, or the typed failure the style's future failed with. */
record Outcome(Optional<Receipt> receipt, Optional<Throwable> failure) {

    Outcome {
        if (receipt.isPresent() == failure.isPresent()) throw new IllegalArgumentException("a receipt or a failure");
    }

    static Outcome of(Receipt receipt) {
        return new Outcome(Optional.of(receipt), Optional.empty());
    }

    static Outcome of(Throwable failure) {
        return new Outcome(Optional.empty(), Optional.of(failure));
    }

    boolean succeeded() {
        return receipt.isPresent();
    }

    /** E.g. {@code DownstreamException: DETAILS call failed (HTTP_ERROR) after 3 attempts}. */
    String failureLine() {
        Throwable f = failure.orElseThrow();
        return f.getClass().getSimpleName() + (f.getMessage() == null ? "" : ": " + f.getMessage());
    }

    /** One line for a table: what was paid, or what failed. */
    String summary() {
        if (failure.isPresent()) return failureLine();
        Receipt r = receipt.get();
        if (r.isPaymentPending()) {
            return "payment of " + Money.format(r.totalCents()) + " pending (request " + r.pendingPayment().get().requestId() + ")";
        }
        return r.payment().isEmpty()
                ? "nothing to pay"
                : "paid " + Money.format(r.totalCents()) + " for " + r.orders().size() + (r.orders().size() == 1 ? " order" : " orders");
    }
}
