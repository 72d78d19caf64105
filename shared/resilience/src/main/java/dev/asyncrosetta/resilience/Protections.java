package dev.asyncrosetta.resilience;

import dev.asyncrosetta.model.AdmissionPolicy;
import dev.asyncrosetta.model.BulkheadPolicy;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CircuitBreakerPolicy;
import dev.asyncrosetta.model.CircuitOpenException;
import dev.asyncrosetta.model.OverloadedException;
import dev.asyncrosetta.model.PaymentBulkheadFullException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * One service's circuit breaker on the payment, its bulkhead of payment calls and its admission
 * control, as Resilience4j objects made from the policy once, so every style protects itself with
 * exactly the same rules. A protection the policy leaves off is still there, doing nothing: a
 * {@code DISABLED} circuit breaker (permits every call, records none) and bulkheads with more places
 * than a service could use; the styles then need no branch of their own for "off".
 *
 * <p>Each style applies them in its own idiom (operators, decorators, or the permission API) and maps
 * Resilience4j's two rejections into the CheckoutException family right there, with
 * {@link #paymentRejection} and {@link #admissionRejection}.
 *
 * @param circuitBreaker counts each payment attempt: a transient failure (timeout, lost connection,
 *     5xx) as a failure, an answer as a success; any other error (a 402, a malformed answer, an attempt
 *     its checkout stopped) is ignored, its permission released
 * @param paymentBulkhead the payment calls in flight; its {@code maxWaitDuration} is the policy's wait,
 *     which {@code tryAcquirePermission} spends blocked: only for a thread that may block (a virtual
 *     thread). Event-loop and reactive styles wait with {@link #paymentPlaces} instead
 * @param admission the checkouts in flight, never waiting: a checkout beyond it is refused at once
 *
 * <p>One Resilience4j 2.4.0 behaviour to know: its bulkheads take a place with a timed
 * {@code Semaphore.tryAcquire}, even with no wait, and refuse a thread whose interrupt flag is set. A
 * checkout asked for on an interrupted thread is therefore refused as overloaded when admission is on.
 */
public record Protections(CheckoutPolicy policy, CircuitBreaker circuitBreaker, Bulkhead paymentBulkhead, Bulkhead admission) {
    /** What "no limit" means for a bulkhead left off: more than any service could hold in flight. */
    private static final int UNLIMITED = Integer.MAX_VALUE;

    public static Protections of(CheckoutPolicy policy) {
        return new Protections(policy, circuitBreakerOf(policy), paymentBulkheadOf(policy), admissionOf(policy));
    }

    /**
     * The payment bulkhead's places for a thread that must never block: Resilience4j's own wait parks
     * the calling thread (a Semaphore's timed tryAcquire), so the waiting is done here by timers.
     */
    public PaymentPlaces paymentPlaces(PaymentPlaces.Timer timer) {
        Duration maxWait = policy.resilience().bulkhead().map(BulkheadPolicy::maxWait).orElse(Duration.ZERO);
        return new PaymentPlaces(withoutWait(paymentBulkhead), maxWait, timer);
    }

    /** Resilience4j's rejection of a payment call as the caller sees it; any other failure as it is. */
    public Throwable paymentRejection(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof CallNotPermittedException) return circuitOpen();
        if (cause instanceof BulkheadFullException) return paymentBulkheadFull();
        return failure;
    }

    /** Resilience4j's rejection of a checkout by the admission bulkhead as the caller sees it; any other failure as it is. */
    public Throwable admissionRejection(Throwable failure) {
        return unwrap(failure) instanceof BulkheadFullException ? overloaded() : failure;
    }

    public CheckoutException circuitOpen() {
        return new CircuitOpenException(policy.resilience().circuitBreaker().map(CircuitBreakerPolicy::openFor).orElseThrow());
    }

    public CheckoutException paymentBulkheadFull() {
        return new PaymentBulkheadFullException(policy.resilience().bulkhead().orElseThrow());
    }

    public CheckoutException overloaded() {
        return new OverloadedException(policy.resilience().admission().orElseThrow());
    }

    /** Whether the circuit breaker counts this failure of a payment attempt as a failure of the payment service. */
    static boolean isPaymentServiceFailure(Throwable failure) {
        return unwrap(failure) instanceof CallFailure call && call.isTransient();
    }

    private static CircuitBreaker circuitBreakerOf(CheckoutPolicy policy) {
        return policy.resilience().circuitBreaker().map(breaker -> CircuitBreaker.of("payment", CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(breaker.slidingWindowCalls())
                        .minimumNumberOfCalls(breaker.minimumCalls())
                        .failureRateThreshold(breaker.failureRatePercent())
                        .waitDurationInOpenState(breaker.openFor())
                        .permittedNumberOfCallsInHalfOpenState(breaker.probeCalls())
                        .recordException(Protections::isPaymentServiceFailure)
                        // Without this, Resilience4j counts an error it does not record as a success: a probe refused a
                        // bulkhead place, or stopped by its checkout, would close the circuit without the payment service answering.
                        .ignoreException(failure -> !isPaymentServiceFailure(failure))
                        .build()))
                .orElseGet(() -> {
                    CircuitBreaker off = CircuitBreaker.ofDefaults("payment");
                    off.transitionToDisabledState();
                    return off;
                });
    }

    private static Bulkhead paymentBulkheadOf(CheckoutPolicy policy) {
        return policy.resilience().bulkhead()
                .map(bulkhead -> bulkhead("payment", bulkhead.maxConcurrentPayments(), bulkhead.maxWait()))
                .orElseGet(() -> bulkhead("payment", UNLIMITED, Duration.ZERO));
    }

    private static Bulkhead admissionOf(CheckoutPolicy policy) {
        return bulkhead("admission", policy.resilience().admission().map(AdmissionPolicy::maxCheckoutsInFlight).orElse(UNLIMITED), Duration.ZERO);
    }

    private static Bulkhead withoutWait(Bulkhead bulkhead) {
        return bulkhead(bulkhead.getName(), bulkhead.getBulkheadConfig().getMaxConcurrentCalls(), Duration.ZERO);
    }

    private static Bulkhead bulkhead(String name, int places, Duration maxWait) {
        // fairCallHandling: waiters (on a thread that may block) are admitted in arrival order.
        return Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(places).maxWaitDuration(maxWait).fairCallHandlingStrategyEnabled(true).build());
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
