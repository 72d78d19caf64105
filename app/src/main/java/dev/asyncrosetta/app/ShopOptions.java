package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What checkout and compare both do to the shop before they run: its latency and its faults. */
final class ShopOptions {
    /** Enough latency for the timelines to show who waits for what. */
    static final Duration DEMO_LATENCY = Duration.ofMillis(20);

    @Option(names = "--latency", paramLabel = "DURATION", converter = Converters.ShortDuration.class,
            description = "Added to every answer of the shop, e.g. 20ms or 0 (default: 20ms for a shop started"
                    + " for this run; a shop running elsewhere keeps its own unless this is set).")
    private Duration latency;

    @Option(names = "--fail", paramLabel = "RULE", converter = Converters.Fault.class,
            description = "Fault rules for the shop: route[/id][#requestId][@from[-to]]=fault, where route is"
                    + " user, orders, details or payment and fault is a status (503), hang, reset, delay:300ms,"
                    + " malformed or missing-field; e.g. details@1-2=503. Repeat for more rules. A rule without"
                    + " #requestId applies to this run's checkouts only.")
    private List<FaultRule> faults = new ArrayList<>();

    /** The latency asked for, or null when the option was not given. */
    Duration latency() {
        return latency;
    }

    Duration latencyOr(Duration fallback) {
        return latency != null ? latency : fallback;
    }

    /** The rules as given. */
    List<FaultRule> faults() {
        return List.copyOf(faults);
    }

    /**
     * The rules as they apply to one checkout: scoped to its request id unless they name one, so they
     * touch neither the other styles' checkouts nor other clients of a shared shop.
     */
    List<FaultRule> faultsFor(String requestId) {
        return faults.stream().map(rule -> rule.requestId() == null ? rule.forRequest(requestId) : rule).toList();
    }
}
