package dev.asyncrosetta.app.bench;

import java.util.Map;

/** Results made up for the tests of what is computed from them: only the figures a test names differ. */
final class SampleResults {
    private SampleResults() {}

    /** A W1 open-loop run of {@code seconds} in which {@code succeeded} checkouts ended and {@code failed} failed. */
    static Result run(String style, long succeeded, long failed, double seconds, double p50, double p99, double cpuMicros,
            int peakThreads) {
        Map<String, Long> failures = failed == 0 ? Map.of() : Map.of("TimeoutException", failed);
        return new Result("W1", style, "open loop", 1, 20, 100, seconds, succeeded, failed, failures,
                failed == 0 ? Map.of() : Map.of("TimeoutException", "TimeoutException: made up"), succeeded / seconds,
                p50, p50 * 1.1, p99, p99 * 1.1, p50, Double.NaN, 8, 0, 0, cpuMicros, 200, 100_000, 15, peakThreads, 5, 1, 10,
                0, Map.of(), 0.5, true, null);
    }
}
