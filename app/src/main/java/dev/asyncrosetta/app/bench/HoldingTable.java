package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W3's question, what holding many checkouts in flight costs, per checkout in flight: the live heap
 * they hold, the platform threads the style added for them (those alive before it opened left out),
 * and whether any failed. Latency is secondary here: each checkout waits mostly on the shop's
 * 100 ms answers, and on a pool's queue when the style's connections are fewer than its calls.
 */
final class HoldingTable {
    private static final String[] HEADER = {"style", "in flight", "heap KB per checkout in flight",
        "platform threads added", "failed", "calls per checkout"};
    private static final boolean[] LEFT = {true, false, false, false, false, false};

    private HoldingTable() {}

    static String heading(Section section, int inFlight) {
        return String.format(Locale.ROOT, "%s: what holding %,d checkouts in flight costs", section.workload().name(), inFlight);
    }

    static Grid grid(Section section, int inFlight) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Result r : section.results()) {
            boolean measured = r.succeeded() > 0 || r.problem() == null;
            rows.add(new String[] {
                r.style(),
                String.format(Locale.ROOT, "%,d", inFlight),
                Tables.decimal(r.heapKilobytesPerCheckout(inFlight)),
                measured ? Integer.toString(r.threadsAdded()) : "-",
                r.problem() != null ? "run failed" : Long.toString(r.failed()),
                Tables.decimal(r.callsPerCheckout())});
        }
        return new Grid(rows, LEFT);
    }
}
