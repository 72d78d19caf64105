package dev.asyncrosetta.app.outage;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A run as text: second by second, then what its callers waited and what the shop charged. */
final class OutageReport {
    private static final String ROW = "%5s  %7s  %9s  %6s  %6s  %5s  %7s  %7s  %7s  %12s  %7s  %8s%n";
    private static final long MB = 1024 * 1024;

    private OutageReport() {}

    static String seconds(OutageRun run) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, ROW, "s", "started", "completed", "failed", "fast", "timed", "waiting", "pending",
                "charged", "nothing-to-pay", "threads", "heap"));
        for (OutageSecond s : run.seconds()) {
            table.append(String.format(Locale.ROOT, ROW, (s.outage() ? "*" : "") + s.second(), s.started(), s.completed(), s.failed(),
                    s.failedFast(), s.timedOut(), s.inFlight(), s.paymentsPending(), s.charged(),
                    s.nothingToPayMillis() < 0 ? "-" : s.nothingToPayMillis() + " ms", s.threads(), s.heapBytes() / MB + " MB"));
        }
        table.append("  * the payment service was stopped during that second; failed: of which fast (refused by a protection) and"
                + " timed (at the deadline); waiting: callers still waiting at the second's end; pending: completed, payment not"
                + " charged yet; nothing-to-pay: the slowest checkout with nothing to pay started in that second; threads, heap:"
                + " the JVM's peak in that second\n");
        return table.toString();
    }

    static String summary(OutageRun run) {
        List<CheckoutRecord> during = run.startedDuringOutage();
        long duringCompleted = during.stream().filter(CheckoutRecord::completed).count();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "  checkouts: %d, completed %d, failed %d%s%n", run.checkouts().size(), run.completed(),
                run.failed(), failures(run.checkouts())));
        text.append(String.format(Locale.ROOT, "  latency: p50 %s, p99 %s; of the %d started during the outage: %d completed, p50 %s, p99 %s%n",
                millis(run.latency(50)), millis(run.latency(99)), during.size(), duringCompleted,
                millis(OutageRun.percentile(during, 50)), millis(OutageRun.percentile(during, 99))));
        List<CheckoutRecord> nothingToPay = run.nothingToPayDuringOutage();
        text.append(String.format(Locale.ROOT, "  checkouts with nothing to pay started during the outage: %d, p50 %s, slowest %s%n",
                nothingToPay.size(), millis(OutageRun.percentile(nothingToPay, 50)), millis(OutageRun.percentile(nothingToPay, 100))));
        text.append(String.format(Locale.ROOT, "  the JVM at its peak: %d threads, %d MB of heap in use%n", run.peakThreads(),
                run.peakHeapBytes() / MB));
        text.append(String.format(Locale.ROOT, "  before the outage, from asking to the charge: p50 %s, p99 %s%n",
                millis(run.timeToCharge(50)), millis(run.timeToCharge(99))));
        text.append("  charges: ").append(run.charges());
        text.append(run.catchUp().map(d -> "; every pending payment charged " + millis(d) + " after the service returned")
                .orElse(pendingLeft(run) ? "; some pending payments were never charged" : "; none was left pending"));
        return text.append('\n').toString();
    }

    /** One line per run: the comparison at a glance. */
    static String table(List<OutageRun> runs) {
        int width = Math.max("style".length(), runs.stream().mapToInt(r -> r.style().length()).max().orElse(0));
        int pathWidth = Math.max("path".length(), runs.stream().mapToInt(r -> r.path().length()).max().orElse(0));
        String format = "%-" + width + "s  %-" + pathWidth + "s  %9s  %6s  %4s  %5s  %8s  %8s  %14s  %7s  %6s  %9s  %s%n";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, "style", "path", "completed", "failed", "fast",
                "timed", "p50", "p99", "nothing-to-pay", "threads", "heap", "caught up", "charged exactly once"));
        for (OutageRun run : runs) {
            ChargeCheck charges = run.charges();
            table.append(String.format(Locale.ROOT, format, run.style(), run.path(), run.completed(), run.failed(), run.failedFast(),
                    run.timedOut(), millis(run.latency(50)), millis(run.latency(99)),
                    millis(OutageRun.percentile(run.nothingToPayDuringOutage(), 100)), run.peakThreads(), run.peakHeapBytes() / MB + " MB",
                    run.catchUp().map(OutageReport::millis).orElse("-"),
                    charges.chargedOnce() + " of " + charges.completed() + (charges.right() ? "" : " (WRONG: " + charges + ")")));
        }
        table.append("fast: refused by a protection; timed: failed at the deadline; nothing-to-pay: the slowest checkout with nothing"
                + " to pay started during the outage; threads, heap: the JVM's peak\n");
        return table.toString();
    }

    static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%d ms", duration.toMillis());
    }

    private static boolean pendingLeft(OutageRun run) {
        return run.checkouts().stream().anyMatch(c -> c.ending() == CheckoutRecord.Ending.PAYMENT_PENDING);
    }

    private static String failures(List<CheckoutRecord> checkouts) {
        Map<String, Long> byKind = checkouts.stream().filter(c -> !c.completed())
                .collect(Collectors.groupingBy(CheckoutRecord::failure, TreeMap::new, Collectors.counting()));
        return byKind.isEmpty() ? "" : byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
