package dev.asyncrosetta.app.bench;

import java.util.Locale;

/**
 * What "sustained" means for a rate in the capacity sweep: for the whole measured window, no
 * checkout failed, p99 stayed within {@code p99Factor} times the floor, and the checkouts that ended
 * kept up with those offered. The last matters because the percentiles count only checkouts that
 * ended: a style falling behind leaves its slowest checkouts out of them, and would otherwise look
 * fast at exactly the rate where it stops coping.
 *
 * @param floorMillis the workload's latency floor
 * @param p99Factor the most p99 may be, as a multiple of the floor
 * @param deliveredShare the least share of the offered checkouts that must have succeeded in the window
 */
record LatencyTarget(double floorMillis, double p99Factor, double deliveredShare) {

    /** Issue 19's target: p99 at most 1.5x the floor, with 95% of the offered checkouts ended (the rest is the window's edges). */
    static LatencyTarget of(Workload workload) {
        return new LatencyTarget(workload.floor().toMillis(), 1.5, 0.95);
    }

    double p99LimitMillis() {
        return floorMillis * p99Factor;
    }

    /** Whether the run at {@code offered} checkouts per second met the target; a missing p99 does not. */
    boolean sustained(Result run, double offered) {
        return run.problem() == null
                && run.failed() == 0
                && run.succeeded() >= deliveredShare * offered * run.seconds()
                && run.p99Millis() <= p99LimitMillis();
    }

    String describe() {
        return String.format(Locale.ROOT, "no failure, p99 <= %.1fx the %.0f ms floor (%.0f ms), at least %.0f%% of the"
                + " offered checkouts ended in the window", p99Factor, floorMillis, p99LimitMillis(), deliveredShare * 100);
    }
}
