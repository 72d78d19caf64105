package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capacity sweep's table: per style, the median of the capacities its searches found, their
 * spread, and the figures of the probe at the median capacity (CPU per checkout and threads are
 * those at the rate the style can carry, not at an arbitrary one).
 */
final class CapacityTable {
    private static final String[] HEADER = {"style", "checkouts/s within target", "spread (runs)", "p50 ms", "p99 ms",
        "client CPU µs/co", "shop CPU µs/co", "threads peak", "probes"};
    private static final boolean[] LEFT = {true, false, false, false, false, false, false, false, false};

    private CapacityTable() {}

    static String heading(CapacitySweep.Plan plan, LatencyTarget target) {
        Workload workload = CapacitySweep.WORKLOAD;
        return String.format(Locale.ROOT, "Capacity within the target: %d ms per call, floor %d ms; open loop, the highest rate"
                        + " with %s; %s warm-up and %s measured per probe, %d search%s per style",
                workload.latency().toMillis(), workload.floor().toMillis(), target.describe(),
                seconds(plan.probe().warmup()), seconds(plan.probe().measure()), plan.repetitions(),
                plan.repetitions() == 1 ? "" : "es");
    }

    static Grid grid(List<CapacitySweep.StyleCapacity> capacities) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CapacitySweep.StyleCapacity style : capacities) {
            Spread capacity = style.capacity();
            Result at = style.atCapacity();
            CapacitySearch.Found<Result> median = style.median();
            rows.add(new String[] {
                style.style(),
                Tables.integer(capacity.median()) + (median.atCeiling() ? "+" : ""),
                Tables.spread(capacity),
                at == null ? "-" : Tables.millis(at.p50Millis()),
                at == null ? "-" : Tables.millis(at.p99Millis()),
                at == null ? "-" : Tables.integer(at.clientCpuMicros()),
                at == null ? "-" : Tables.integer(at.shopCpuMicros()),
                at == null ? "-" : Integer.toString(at.peakThreads()),
                Integer.toString(style.searches().stream().mapToInt(found -> found.steps().size()).sum())});
        }
        return new Grid(rows, LEFT);
    }

    /** What the rows cannot show: a search stopped by the ceiling, a style that sustained nothing, and why probes failed. */
    static List<String> notes(List<CapacitySweep.StyleCapacity> capacities) {
        List<String> notes = new ArrayList<>();
        for (CapacitySweep.StyleCapacity style : capacities) {
            if (style.median().atCeiling()) {
                notes.add(style.style() + ": sustained the sweep's highest rate; it may carry more");
            }
            if (style.atCapacity() == null) notes.add(style.style() + ": sustained none of the rates tried");
            style.searches().stream().flatMap(found -> found.steps().stream())
                    .filter(step -> step.outcome().problem() != null).findFirst()
                    .ifPresent(step -> notes.add(style.style() + " at " + Tables.integer(step.rate()) + "/s: "
                            + step.outcome().problem()));
        }
        return notes;
    }

    static String text(CapacitySweep.Plan plan, LatencyTarget target, List<CapacitySweep.StyleCapacity> capacities) {
        StringBuilder out = new StringBuilder(heading(plan, target)).append('\n').append(grid(capacities).text());
        notes(capacities).forEach(note -> out.append("  ").append(note).append('\n'));
        return out.toString();
    }

    static String markdown(CapacitySweep.Plan plan, LatencyTarget target, List<CapacitySweep.StyleCapacity> capacities) {
        StringBuilder out = new StringBuilder("**").append(heading(plan, target)).append("**\n\n")
                .append(grid(capacities).markdown());
        List<String> notes = notes(capacities);
        if (!notes.isEmpty()) out.append('\n');
        notes.forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    private static String seconds(java.time.Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
