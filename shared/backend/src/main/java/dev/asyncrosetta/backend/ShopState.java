package dev.asyncrosetta.backend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What every event loop of the shop shares: data, payments, ledger, fault rules and latency. */
final class ShopState {
    private final ShopData data;
    private final Ledger ledger = new Ledger();
    private final Payments payments;
    private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
    private volatile Duration latency;

    ShopState(ShopData data, Duration latency) {
        this.data = data;
        this.payments = new Payments(data, ledger);
        this.latency = latency;
    }

    ShopData data() {
        return data;
    }

    Ledger ledger() {
        return ledger;
    }

    Payments payments() {
        return payments;
    }

    List<FaultRule> faults() {
        return List.copyOf(faults);
    }

    void addFault(FaultRule rule) {
        faults.add(rule);
    }

    void clearFaults() {
        faults.clear();
    }

    /** The first rule that matches wins; null when none does. */
    Fault faultFor(Route route, String resourceId, String requestId, int attempt) {
        for (FaultRule rule : faults) {
            if (rule.matches(route, resourceId, requestId, attempt)) return rule.fault();
        }
        return null;
    }

    Duration latency() {
        return latency;
    }

    void latency(Duration value) {
        if (value.isNegative()) throw new IllegalArgumentException("latency must not be negative");
        latency = value;
    }
}
