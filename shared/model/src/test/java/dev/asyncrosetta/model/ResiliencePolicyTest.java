package dev.asyncrosetta.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    @Test
    void everyProtectionIsOffUnlessGiven() {
        CheckoutPolicy policy = CheckoutPolicy.defaults();
        assertThat(policy.resilience()).isEqualTo(ResiliencePolicy.NONE);
        assertThat(policy.withDeadline(Duration.ofSeconds(3)).resilience()).isEqualTo(ResiliencePolicy.NONE);
    }

    @Test
    void theOtherSettingsKeepTheProtections() {
        CheckoutPolicy protectedPolicy = CheckoutPolicy.defaults()
                .withCircuitBreaker(new CircuitBreakerPolicy(50, 4, 4, Duration.ofSeconds(1), 2))
                .withBulkhead(BulkheadPolicy.rejecting(3))
                .withAdmission(new AdmissionPolicy(5));
        CheckoutPolicy changed = protectedPolicy.withCallTimeout(Duration.ofMillis(300)).withMaxAttempts(1);
        assertThat(changed.resilience()).isEqualTo(protectedPolicy.resilience());
        assertThat(changed.resilience().bulkhead()).contains(new BulkheadPolicy(3, Duration.ZERO));
    }

    @Test
    void badInputIsRefusedWithItsName() {
        assertThatThrownBy(() -> new CircuitBreakerPolicy(0, 4, 4, Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRatePercent must be within 1..100");
        assertThatThrownBy(() -> new CircuitBreakerPolicy(50, 4, 5, Duration.ofSeconds(1), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCalls must be within 1..4");
        assertThatThrownBy(() -> new CircuitBreakerPolicy(50, 4, 4, Duration.ZERO, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openFor must be positive");
        assertThatThrownBy(() -> new CircuitBreakerPolicy(50, 4, 4, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probeCalls");
        assertThatThrownBy(() -> new BulkheadPolicy(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrentPayments");
        assertThatThrownBy(() -> new BulkheadPolicy(2, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait must not be negative");
        assertThatThrownBy(() -> new AdmissionPolicy(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxCheckoutsInFlight");
        assertThatThrownBy(() -> CheckoutPolicy.defaults().withBulkhead(null)).isInstanceOf(NullPointerException.class);
    }
}
