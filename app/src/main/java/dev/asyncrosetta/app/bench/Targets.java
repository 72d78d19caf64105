package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issue 10, judged on the figures (they are reported, never asserted). They are set
 * for the full workloads in closed loop; a quick or open-loop run is judged all the same, for a
 * first look, but only a full closed-loop run says whether a target is met. The bench names no
 * style, so every style is judged; the blocking baseline is expected to miss W1 and W3, which is
 * what it is there to show.
 */
final class Targets {
    static final double W1_P50_FACTOR = 1.15;
    static final double W1_P99_FACTOR = 1.5;
    static final double W2_BEST_CPU_MICROS = 400;
    static final double W2_SPREAD = 1.5;
    static final int W3_MAX_THREADS = 64;

    private Targets() {}

    static List<String> judge(List<Section> sections) {
        List<String> lines = new ArrayList<>();
        for (Section section : sections) {
            // The client floors, the broker path and the variants are measured beside the styles, not judged:
            // the floors are no way of writing the workflow, the broker path leaves its payment to another
            // service, and a variant is the style's own, written otherwise.
            List<Result> styles = section.results().stream()
                    .filter(r -> PairedTable.isStyle(r.style())).toList();
            switch (section.workload()) {
                case W1 -> latencyBound(styles, lines);
                case W2 -> cpuBound(styles, lines);
                case W3 -> scale(styles, lines);
            }
        }
        return lines;
    }

    private static void latencyBound(List<Result> results, List<String> lines) {
        if (results.isEmpty()) return;
        double floor = results.get(0).floorMillis();
        lines.add(String.format(Locale.ROOT, "W1: p50 <= %.2fx and p99 <= %.1fx the %.0f ms floor (%.0f / %.0f ms)",
                W1_P50_FACTOR, W1_P99_FACTOR, floor, floor * W1_P50_FACTOR, floor * W1_P99_FACTOR));
        for (Result r : results) {
            boolean p50 = r.p50Millis() <= floor * W1_P50_FACTOR;
            boolean p99 = r.p99Millis() <= floor * W1_P99_FACTOR;
            lines.add(String.format(Locale.ROOT, "  %-16s p50 %5.2fx  p99 %5.2fx  %s", r.style(),
                    r.p50Millis() / floor, r.p99Millis() / floor, verdict(p50 && p99 && r.failed() == 0 && r.problem() == null)
                            + failures(r)));
        }
    }

    private static void cpuBound(List<Result> results, List<String> lines) {
        Optional<Result> best = results.stream().filter(r -> !Double.isNaN(r.clientCpuMicros()))
                .min(Comparator.comparingDouble(Result::clientCpuMicros));
        if (best.isEmpty()) return;
        double least = best.get().clientCpuMicros();
        lines.add(String.format(Locale.ROOT, "W2: the best <= %.0f µs client CPU per checkout (%s: %.0f µs %s); every style"
                        + " within %.1fx of it (<= %.0f µs)", W2_BEST_CPU_MICROS, best.get().style(), least,
                verdict(least <= W2_BEST_CPU_MICROS), W2_SPREAD, least * W2_SPREAD));
        for (Result r : results) {
            lines.add(String.format(Locale.ROOT, "  %-16s %5.0f µs  %5.2fx  %s", r.style(), r.clientCpuMicros(),
                    r.clientCpuMicros() / least, verdict(r.clientCpuMicros() <= least * W2_SPREAD && r.problem() == null)
                            + failures(r)));
        }
    }

    private static void scale(List<Result> results, List<String> lines) {
        lines.add("W3: every checkout in flight succeeds, with at most " + W3_MAX_THREADS
                + " live platform threads in the client JVM (its own and the bench's included)");
        for (Result r : results) {
            boolean held = r.problem() == null && r.failed() == 0 && r.succeeded() > 0;
            lines.add(String.format(Locale.ROOT, "  %-16s %5d threads  %s", r.style(), r.peakThreads(),
                    verdict(held && r.peakThreads() <= W3_MAX_THREADS) + failures(r)));
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String failures(Result r) {
        if (r.problem() != null) return " (" + r.problem() + ")";
        return r.failed() == 0 ? "" : " (" + r.failed() + " failed)";
    }
}
