package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Finds the highest offered rate a style sustains: coarse steps that double the rate until one
 * fails (or the ceiling is reached), then a bisection between the last rate sustained and the first
 * one not. Each probe is a whole open-loop run, so the search spends few of them: the doubling finds
 * the order of magnitude in a handful, the bisection halves the remaining gap with each.
 *
 * <p>The search assumes what a queue implies: a style that cannot sustain a rate cannot sustain a
 * higher one either. A noisy probe that breaks that only makes the answer lower than it could be.
 *
 * @param first the first rate tried, checkouts per second
 * @param ceiling no rate above it is tried: the shop or the load generator would be measured instead
 * @param bisections how many probes narrow the gap after the doubling
 */
record CapacitySearch(double first, double ceiling, int bisections) {

    CapacitySearch {
        if (!(first > 0) || ceiling < first) throw new IllegalArgumentException("rates: first " + first + ", ceiling " + ceiling);
        if (bisections < 0) throw new IllegalArgumentException("bisections: " + bisections);
    }

    /** One probe: the rate offered and what the run at that rate showed. */
    record Step<T>(double rate, T outcome, boolean sustained) {}

    /**
     * @param capacity the highest rate sustained, 0 when even the first was not
     * @param atCeiling whether the search stopped at the ceiling: the style may carry more
     * @param steps every probe, in the order run
     */
    record Found<T>(double capacity, boolean atCeiling, List<Step<T>> steps) {

        /** The probe at the capacity, which the table reports CPU and threads from; null when none sustained. */
        Step<T> atCapacity() {
            return steps.stream().filter(step -> step.sustained() && step.rate() == capacity).findFirst().orElse(null);
        }
    }

    /** Probes rates with {@code probe}, which runs the style at a rate and returns a step saying whether it held. */
    <T> Found<T> search(DoubleFunction<Step<T>> probe) {
        List<Step<T>> steps = new ArrayList<>();
        double held = 0;
        double broke = Double.NaN;
        for (double rate = first; ; rate = Math.min(ceiling, rate * 2)) {
            Step<T> step = probe.apply(rate);
            steps.add(step);
            if (!step.sustained()) {
                broke = rate;
                break;
            }
            held = rate;
            if (rate >= ceiling) return new Found<>(held, true, List.copyOf(steps));
        }
        for (int i = 0; i < bisections; i++) {
            double rate = Math.round((held + broke) / 2);
            if (rate <= held || rate >= broke) break; // the gap is below one checkout a second
            Step<T> step = probe.apply(rate);
            steps.add(step);
            if (step.sustained()) held = rate;
            else broke = rate;
        }
        return new Found<>(held, false, List.copyOf(steps));
    }
}
