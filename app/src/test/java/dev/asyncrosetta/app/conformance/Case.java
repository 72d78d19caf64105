package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One situation thrown at every style: who checks out, under which policy, and which calls the shop
 * gets wrong. The rules name no request id here; each style's run scopes them to its own
 * ({@link #faultsFor}), so the runs share one shop without seeing each other's faults.
 *
 * <p>Printed in the shop's own fault syntax, so a shrunk case reads like a command line:
 * {@code u-0003 (4 open orders) | callTimeout 150ms, deadline 10s, 2 attempts, backoff 10ms, 1 at once | user=503}.
 */
record Case(String userId, int openOrders, CheckoutPolicy policy, List<FaultRule> faults) {

    Case {
        faults = List.copyOf(faults);
    }

    /** A case written by hand (the regression examples), with rules in the shop's text syntax. */
    static Case of(ShopData data, String userId, CheckoutPolicy policy, String... rules) {
        return new Case(userId, data.openOrders(userId).size(), policy,
                Arrays.stream(rules).map(FaultRule::parse).toList());
    }

    List<FaultRule> faultsFor(String requestId) {
        return faults.stream().map(rule -> rule.forRequest(requestId)).toList();
    }

    Case withDeadline(Duration deadline) {
        return new Case(userId, openOrders, policy.withDeadline(deadline), faults);
    }

    @Override
    public String toString() {
        return userId + " (" + openOrders + " open orders) | callTimeout " + Durations.format(policy.callTimeout())
                + ", deadline " + Durations.format(policy.deadline())
                + ", " + policy.maxAttempts() + (policy.maxAttempts() == 1 ? " attempt" : " attempts")
                + ", backoff " + Durations.format(policy.firstBackoff())
                + ", " + policy.detailsConcurrency() + " at once | "
                + (faults.isEmpty() ? "no faults" : faults.stream().map(FaultRule::toString).collect(Collectors.joining(", ")));
    }
}
