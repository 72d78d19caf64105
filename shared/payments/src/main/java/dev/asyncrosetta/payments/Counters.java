package dev.asyncrosetta.payments;

import java.util.concurrent.atomic.AtomicLong;

/** What the service has done so far, written by its poll thread, read by {@link PaymentService#status()}. */
final class Counters {
    final AtomicLong consumed = new AtomicLong();
    final AtomicLong paymentCalls = new AtomicLong();
    final AtomicLong charged = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong declined = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong outcomesPublished = new AtomicLong();
    final AtomicLong crashes = new AtomicLong();
    final AtomicLong partitionsRevoked = new AtomicLong();

    PaymentServiceStatus snapshot(PaymentServiceStatus.State state) {
        return new PaymentServiceStatus(state, consumed.get(), paymentCalls.get(), charged.get(), replayed.get(),
                declined.get(), failed.get(), outcomesPublished.get(), crashes.get(), partitionsRevoked.get());
    }
}
