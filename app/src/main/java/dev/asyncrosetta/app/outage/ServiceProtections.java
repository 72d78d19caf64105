package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.model.AdmissionPolicy;
import dev.asyncrosetta.model.BulkheadPolicy;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CircuitBreakerPolicy;
import dev.asyncrosetta.model.ResiliencePolicy;
import java.time.Duration;
import java.util.Locale;

/**
 * The protections of the protected HTTP path, sized as a team would size them for a payment call that
 * normally takes a few tens of milliseconds at a few tens of checkouts a second: far above what normal
 * traffic uses, so that they only act when something is wrong.
 */
final class ServiceProtections {
    /**
     * Half of the last 20 payment attempts failing, once 10 were made, is no bad luck; open for 1 s only,
     * because each probe that meets a service still down costs a whole call timeout before it reopens.
     */
    static final CircuitBreakerPolicy BREAKER = new CircuitBreakerPolicy(50, 20, 10, Duration.ofSeconds(1), 2);
    /**
     * Normally fewer than one payment is in flight (16 a second of ~20 ms each); 10 places leave room for
     * a slow spell, and a 50 ms wait smooths a burst without letting callers queue behind a hang.
     */
    static final BulkheadPolicy BULKHEAD = new BulkheadPolicy(10, Duration.ofMillis(50));
    /** Normally two or three checkouts are in flight: 40 is a surge, beyond which answering "overloaded" beats queueing. */
    static final AdmissionPolicy ADMISSION = new AdmissionPolicy(40);

    private ServiceProtections() {}

    static CheckoutPolicy applyTo(CheckoutPolicy policy) {
        return policy.withCircuitBreaker(BREAKER).withBulkhead(BULKHEAD).withAdmission(ADMISSION);
    }

    static boolean anyIn(CheckoutPolicy policy) {
        return !policy.resilience().equals(ResiliencePolicy.NONE);
    }

    /** The values, for the run's header. */
    static String describe() {
        return String.format(Locale.ROOT, "circuit breaker: opens at %d %% of the last %d payment attempts failed (once %d were made),"
                        + " stays open %s, then lets %d probes through; payment bulkhead: %d calls in flight, a %s wait for a place;"
                        + " admission: %d checkouts in flight",
                BREAKER.failureRatePercent(), BREAKER.slidingWindowCalls(), BREAKER.minimumCalls(), Durations.format(BREAKER.openFor()),
                BREAKER.probeCalls(), BULKHEAD.maxConcurrentPayments(), Durations.format(BULKHEAD.maxWait()),
                ADMISSION.maxCheckoutsInFlight());
    }
}
