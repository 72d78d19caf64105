package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;

/**
 * One way a checkout reaches the payment service, and what that service's outage looks like from it:
 * each style runs the outage once per path, and each run is one row of the figures and the picture.
 * Another path (HTTP behind a circuit breaker and a bulkhead, say) is one more implementation; the
 * runs, their figures and the picture take it as they are.
 */
interface PaymentPath {

    /** A few words for tables and the picture, e.g. {@code HTTP}. */
    String label();

    /** What stopping the payment service does on this path, for the run's header. */
    String outageDescription();

    /** Whether the style can take this path at all. */
    boolean supports(CheckoutStyle style);

    /** A service of {@code style} paying this way; the caller closes it. */
    CheckoutService open(CheckoutStyle style);

    /** The payment service stops answering (returns at once). */
    void stopPaymentService();

    /** The payment service is back (returns at once). */
    void restorePaymentService();
}
