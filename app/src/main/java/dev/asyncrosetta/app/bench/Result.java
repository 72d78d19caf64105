package dev.asyncrosetta.app.bench;

import java.util.Map;

/**
 * One style under one workload: what the measured window saw. Per-checkout figures divide by the
 * checkouts that succeeded in the window; NaN when none did.
 *
 * @param mode how checkouts were started ({@link LoadMode#describe()})
 * @param order the position of this run in the bench, from 1: the styles take turns
 * @param floorMillis the workload's latency floor, 0 when it adds no latency
 * @param seconds the measured window
 * @param failures checkouts that failed in the window, by kind of failure; {@code failureExamples}
 *     the first of each kind with its causes
 * @param littleMillis closed loop: the mean latency Little's law gives, checkouts in flight divided
 *     by throughput. The percentiles count only the checkouts that ended in the window: when a
 *     checkout takes longer than the window, the slowest have not ended yet and are missing from
 *     them, and this figure is the one to trust (NaN in open loop)
 * @param callsPerCheckout calls the shop saw in the window per checkout that ended in it: in a steady
 *     state, {@value Workload#CALLS_PER_CHECKOUT} when nothing is retried (not so while the checkouts
 *     in flight are still growing, as in W3, whose checkouts take longer than the window);
 *     {@code retries} the calls that were a later attempt, {@code aborted} those the client aborted
 *     (its timeouts and cancels): any at all say that something went wrong
 * @param clientCpuMicros CPU time of this JVM (style + load generator) per checkout
 * @param shopCpuMicros CPU time of the shop's JVM per checkout
 * @param allocatedBytes bytes allocated in this JVM per checkout
 * @param threadsBefore live platform threads before the style was opened (the JVM's and the bench's own)
 * @param peakThreads the most live platform threads in the window, the bench's own included
 * @param heapMegabytes live heap (after a full GC) at the end of the window, above the live heap
 *     before the style was opened: what the style and its checkouts in flight hold
 * @param gcPauses stop-the-world collections in the window, and {@code gcPauseMillis} their time
 * @param jitMillis time the JIT compilers spent in the window: after a warm-up it should be small
 * @param cpuShares the window's client CPU by group of threads, in percent, largest first
 * @param machineBusy the whole machine's CPU use in the window, 0..1, everybody's
 * @param drained whether every checkout in flight ended within the drain time after the window
 * @param problem why the run could not be measured or ended badly (open or close failed), else null
 */
record Result(
        String workload, String style, String mode, int order, long latencyMillis, long floorMillis, double seconds,
        long succeeded, long failed, Map<String, Long> failures, Map<String, String> failureExamples, double throughput,
        double p50Millis, double p90Millis, double p99Millis, double maxMillis, double meanMillis, double littleMillis,
        double callsPerCheckout, long retries, long aborted,
        double clientCpuMicros, double shopCpuMicros, double allocatedBytes,
        int threadsBefore, int peakThreads, double heapMegabytes, long gcPauses, long gcPauseMillis, long jitMillis,
        Map<String, Double> cpuShares, double machineBusy, boolean drained, String problem) {

    /** The live heap the run's checkouts held, per checkout kept in flight (W3's question). */
    double heapKilobytesPerCheckout(int inFlight) {
        return heapMegabytes * 1e6 / 1024 / inFlight;
    }

    /** The platform threads the style added: its peak in the window less those alive before it opened. */
    int threadsAdded() {
        return peakThreads - threadsBefore;
    }

    /** A run that could not be measured at all: the style failed to open, say. */
    static Result failed(String workload, String style, String mode, int order, long latencyMillis, long floorMillis,
            String problem) {
        return new Result(workload, style, mode, order, latencyMillis, floorMillis, 0, 0, 0, Map.of(), Map.of(), 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN,
                0, 0, Double.NaN, 0, 0, 0, Map.of(), Double.NaN, false, problem);
    }
}
