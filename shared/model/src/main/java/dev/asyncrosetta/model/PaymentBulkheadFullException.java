package dev.asyncrosetta.model;

import java.time.Duration;

/**
 * The checkout reached the payment while the service already had every payment call its bulkhead
 * allows in flight, and no place came free within the bulkhead's wait: no payment call was made,
 * nothing was charged.
 */
public final class PaymentBulkheadFullException extends CheckoutException {
    public PaymentBulkheadFullException(BulkheadPolicy bulkhead) {
        super("payment not attempted: " + bulkhead.maxConcurrentPayments() + " payment calls already in flight and none ended within "
                + bulkhead.maxWait().toMillis() + " ms");
    }
}
