package dev.asyncrosetta.model;

import java.time.Duration;

/**
 * A circuit breaker on the payment step: once enough payment calls failed, the service stops calling
 * the payment route for a while and fails those checkouts at once with {@link CircuitOpenException}.
 * Each attempt of the payment call counts once: a transient failure (a timeout, a lost connection, a
 * 5xx) as a failure, a 2xx as a success; anything else (a 402, a malformed answer, an attempt cut
 * short because its checkout stopped) is not counted.
 *
 * @param failureRatePercent the circuit opens when at least this share of the calls in the window failed (1..100)
 * @param slidingWindowCalls how many of the most recent calls the rate is taken over
 * @param minimumCalls the rate is not judged before this many calls are in the window (1..slidingWindowCalls)
 * @param openFor how long the circuit stays open before it lets probe calls through
 * @param probeCalls how many calls go through once it half-opens; their outcome closes it or opens it again
 */
public record CircuitBreakerPolicy(int failureRatePercent, int slidingWindowCalls, int minimumCalls, Duration openFor, int probeCalls) {

    public CircuitBreakerPolicy {
        PolicyChecks.within("failureRatePercent", failureRatePercent, 1, 100);
        PolicyChecks.within("slidingWindowCalls", slidingWindowCalls, 1, 10_000);
        PolicyChecks.within("minimumCalls", minimumCalls, 1, slidingWindowCalls);
        PolicyChecks.positive("openFor", openFor);
        PolicyChecks.within("probeCalls", probeCalls, 1, 1_000);
    }
}
