package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * README's headline, one row per style with the three answers of a full run: the capacity within the
 * latency target, the client CPU per checkout against its HTTP client's floor (W2), and what holding
 * W3's checkouts in flight costs. Written from the run itself ({@code --update-readme}), like the
 * tables of docs/benchmarks.md, so that the two never disagree. Styles by capacity, highest first.
 */
final class Headline {
    static final String BEGIN = "<!-- rosetta bench headline: begin -->";
    static final String END = "<!-- rosetta bench headline: end -->";

    private static final String[] HEADER = {"style", "checkouts/s within target", "client CPU µs/co (W2)",
        "its client's floor µs/co", "above the floor", "W3: heap KB per checkout held", "W3: threads added", "W3: failed"};
    private static final boolean[] LEFT = {true, false, false, false, false, false, false, false};

    private Headline() {}

    /** Empty unless the run measured all three: a narrower run has no headline to give. */
    static Optional<String> markdown(String startedAt, LatencyTarget target, List<CapacitySweep.StyleCapacity> capacities,
            List<Section> sections) {
        Optional<Section> w2 = find(sections, Workload.W2);
        Optional<Section> w3 = find(sections, Workload.W3);
        if (capacities.isEmpty() || w2.isEmpty() || w3.isEmpty()) return Optional.empty();
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        capacities.stream().sorted(Comparator.comparingDouble((CapacitySweep.StyleCapacity c) -> c.capacity().median()).reversed())
                .forEach(capacity -> rows.add(row(capacity, w2.get(), w3.get())));
        int inFlight = w3.get().inFlight();
        return Optional.of(String.format(Locale.ROOT, "From the full run of %s, each figure the median of three repetitions;"
                        + " the capacity with %s at 20 ms per call, W2 with no added latency, W3 with %,d checkouts in flight:%n%n",
                startedAt, target.describe(), inFlight) + new Grid(rows, LEFT).markdown());
    }

    private static String[] row(CapacitySweep.StyleCapacity capacity, Section w2, Section w3) {
        String style = capacity.style();
        Optional<Result> cpu = result(w2, style);
        Optional<Result> floor = ClientFloor.of(style).flatMap(f -> result(w2, f.name()));
        double styleCpu = cpu.map(Result::clientCpuMicros).orElse(Double.NaN);
        double floorCpu = floor.map(Result::clientCpuMicros).orElse(Double.NaN);
        Optional<Result> held = result(w3, style);
        int inFlight = w3.inFlight();
        return new String[] {
            style,
            Tables.integer(capacity.capacity().median()) + (capacity.median().atCeiling() ? "+" : ""),
            Tables.integer(styleCpu),
            Tables.integer(floorCpu) + ClientFloor.of(style).map(f -> " (" + f.name().replaceFirst("^floor: ", "") + ")").orElse(""),
            Double.isNaN(floorCpu) ? "-" : String.format(Locale.ROOT, "%s (%.2fx)", Tables.integer(styleCpu - floorCpu), styleCpu / floorCpu),
            held.map(r -> Tables.decimal(r.heapKilobytesPerCheckout(inFlight))).orElse("-"),
            held.map(r -> Integer.toString(r.threadsAdded())).orElse("-"),
            held.map(r -> r.problem() != null ? "run failed" : String.format(Locale.ROOT, "%,d", r.failed())).orElse("-")};
    }

    private static Optional<Section> find(List<Section> sections, Workload workload) {
        return sections.stream().filter(section -> section.workload() == workload).findFirst();
    }

    private static Optional<Result> result(Section section, String style) {
        return section.results().stream().filter(r -> r.style().equals(style)).findFirst();
    }
}
