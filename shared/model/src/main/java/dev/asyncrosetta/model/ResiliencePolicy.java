package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What keeps a service alive when the payment service stops answering: each protection is off
 * (empty) unless given. {@link #NONE} is the default, under which a checkout behaves exactly as the
 * contract's C1-C40 describe.
 */
public record ResiliencePolicy(
        Optional<CircuitBreakerPolicy> circuitBreaker, Optional<BulkheadPolicy> bulkhead, Optional<AdmissionPolicy> admission) {

    public static final ResiliencePolicy NONE = new ResiliencePolicy(Optional.empty(), Optional.empty(), Optional.empty());

    public ResiliencePolicy {
        requireNonNull(circuitBreaker, "circuitBreaker (Optional.empty() for none)");
        requireNonNull(bulkhead, "bulkhead (Optional.empty() for none)");
        requireNonNull(admission, "admission (Optional.empty() for none)");
    }

    public ResiliencePolicy withCircuitBreaker(CircuitBreakerPolicy value) {
        return new ResiliencePolicy(Optional.of(value), bulkhead, admission);
    }

    public ResiliencePolicy withBulkhead(BulkheadPolicy value) {
        return new ResiliencePolicy(circuitBreaker, Optional.of(value), admission);
    }

    public ResiliencePolicy withAdmission(AdmissionPolicy value) {
        return new ResiliencePolicy(circuitBreaker, bulkhead, Optional.of(value));
    }
}
