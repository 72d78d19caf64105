package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Issue 19's headline: the highest rate each style sustains within {@link LatencyTarget}, at W1's 20
 * ms per call, in open loop (each checkout's latency counted from when it was due). Every probe is a
 * run of its own (the style opened, warmed up, measured, closed), so that its threads and CPU are
 * that rate's. The search is repeated, the styles in a rotated order each time, and the table shows
 * the median capacity with its spread.
 */
final class CapacitySweep {
    /** W1's latency per call, and so its floor, is the target's. */
    static final Workload WORKLOAD = Workload.W1;
    /** An open-loop probe never holds more than this many checkouts: a rate far beyond a style would only fill its heap. */
    private static final int MAX_IN_FLIGHT = 20_000;

    /**
     * @param probe each probe's warm-up and measured window (its in-flight count is unused: open loop)
     * @param drain how long a probe's checkouts may take to end before its style is closed on them
     */
    record Plan(CapacitySearch search, Workload.Plan probe, int repetitions, Duration drain) {
        /** A guess for the progress bar: the doubling to about 1,600/s, then the bisections. */
        Duration estimate(int styles) {
            int probes = 4 + search.bisections();
            return probe.warmup().plus(probe.measure()).multipliedBy((long) probes * styles * repetitions);
        }
    }

    /**
     * Full: from 200/s, doubling to at most 6,400/s (beyond what two cores carry for any style, so
     * every search ends in a bisection), two bisections (an answer within a quarter of the last
     * doubling: 200/s between 800 and 1,600), each probe 1 s warm-up (the code is JIT-compiled by the
     * bench's own warm-up already) and 2.5 s measured: about 9 minutes for seven styles, three times,
     * within the full run's 20. Quick: a first look, once, at 50/s and, if that held, 100/s (its short
     * probes leave no room for a real search, and a bisection would cost the minute the quick run
     * has), each warmed up for a few floors, since a style's first checkouts are slow while its
     * classes load.
     */
    static Plan plan(boolean quick) {
        return quick
                ? new Plan(new CapacitySearch(50, 100, 0), new Workload.Plan(1, Duration.ofMillis(300), Duration.ofMillis(400), false),
                        1, Duration.ofMillis(200))
                : new Plan(new CapacitySearch(200, 6_400, 2), new Workload.Plan(1, Duration.ofSeconds(1), Duration.ofMillis(2_500), false),
                        3, Duration.ofMillis(500));
    }

    /** One style's searches, one per repetition. */
    record StyleCapacity(String style, List<CapacitySearch.Found<Result>> searches) {
        Spread capacity() {
            return Spread.of(searches, CapacitySearch.Found::capacity);
        }

        /** The search whose capacity is the median one: the row shows its figures at that rate. */
        CapacitySearch.Found<Result> median() {
            // The highest capacity sorts first here, so that of an even count the higher middle one is taken.
            return Spread.medianOf(searches, found -> -found.capacity());
        }

        /** The run at the median capacity, or null when the style sustained no rate at all. */
        Result atCapacity() {
            CapacitySearch.Step<Result> step = median().atCapacity();
            return step == null ? null : step.outcome();
        }
    }

    private final StyleRun runner;
    private final Plan plan;
    private final LatencyTarget target = LatencyTarget.of(WORKLOAD);

    CapacitySweep(StyleRun runner, Plan plan) {
        this.runner = runner;
        this.plan = plan;
    }

    LatencyTarget target() {
        return target;
    }

    /** Searches every style's capacity, {@link Plan#repetitions()} times, the first style moving on by one each time. */
    List<StyleCapacity> run(List<CheckoutStyle> styles, IntSupplier nextOrder) {
        Map<String, List<CapacitySearch.Found<Result>>> byStyle = new LinkedHashMap<>();
        styles.forEach(style -> byStyle.put(style.name(), new ArrayList<>()));
        for (int repetition = 0; repetition < plan.repetitions(); repetition++) {
            for (int turn = 0; turn < styles.size(); turn++) {
                CheckoutStyle style = styles.get((turn + repetition) % styles.size());
                byStyle.get(style.name()).add(plan.search().search(rate -> probe(style, rate, nextOrder.getAsInt())));
            }
        }
        List<StyleCapacity> capacities = new ArrayList<>();
        byStyle.forEach((style, searches) -> capacities.add(new StyleCapacity(style, List.copyOf(searches))));
        return capacities;
    }

    private CapacitySearch.Step<Result> probe(CheckoutStyle style, double rate, int order) {
        Result run = runner.run(style, WORKLOAD, plan.probe(), new LoadMode.OpenLoop(rate, MAX_IN_FLIGHT), order, plan.drain());
        return new CapacitySearch.Step<>(rate, run, target.sustained(run, rate));
    }
}
