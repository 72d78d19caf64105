package dev.asyncrosetta.app.outage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The runs as an SVG picture: a row per style, a column per payment path, all on one time axis. Each
 * cell draws, second by second, the checkouts completed, refused by a protection and timed out, and
 * those left waiting (in flight, or completed with their payment pending), over the outage shaded
 * grey; under it every checkout's latency as a dot at the moment it started, those with nothing to pay
 * in blue; under that the JVM's threads and heap in use. Plain SVG text, no library.
 */
final class OutageSvg {
    private static final int LABEL = 130;
    private static final int CELL = 500;
    private static final int GAP = 40;
    private static final int COUNTS = 120;
    private static final int LATENCY = 70;
    private static final int JVM = 40;
    private static final int ROW = COUNTS + LATENCY + JVM + 116;
    private static final int TOP = 128;
    static final String COMPLETED = "#2e9d5b";
    static final String FAILED = "#c62828";
    static final String FAILED_FAST = "#00acc1";
    static final String NOTHING_TO_PAY = "#283593";
    static final String THREADS = "#444444";
    static final String HEAP = "#8d6e63";
    private static final long MB = 1024 * 1024;
    static final String IN_FLIGHT = "#e08a1e";
    static final String PENDING = "#8a4fbf";

    private OutageSvg() {}

    static void write(Path file, List<OutageRun> runs) throws IOException {
        Files.writeString(file, render(runs), StandardCharsets.UTF_8);
    }

    static String render(List<OutageRun> runs) {
        List<String> styles = new ArrayList<>(new LinkedHashSet<>(runs.stream().map(OutageRun::style).toList()));
        List<String> paths = new ArrayList<>(new LinkedHashSet<>(runs.stream().map(OutageRun::path).toList()));
        Scale scale = Scale.of(runs);
        int width = LABEL + paths.size() * (CELL + GAP);
        int height = TOP + styles.size() * ROW + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(text(10, 22, "async-rosetta: the payment service stops for a while (grey); checkouts keep arriving", "font-weight:bold;font-size:15px"));
        svg.append(legend(10, 44));
        for (int p = 0; p < paths.size(); p++) {
            svg.append(text(LABEL + p * (CELL + GAP), TOP - 6, paths.get(p), "font-weight:bold;font-size:14px"));
        }
        for (int s = 0; s < styles.size(); s++) {
            int y = TOP + s * ROW;
            svg.append(text(10, y + 20, styles.get(s), "font-weight:bold;font-size:14px"));
            for (int p = 0; p < paths.size(); p++) {
                Optional<OutageRun> run = find(runs, styles.get(s), paths.get(p));
                int x = LABEL + p * (CELL + GAP);
                if (run.isPresent()) cell(svg, run.get(), x, y, scale);
                else svg.append(text(x, y + 40, "does not take this path", "fill:#888"));
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"monospace\" font-size=\"11\">%n", width, height, width, height)
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + svg + "</svg>\n";
    }

    /** The same largest values on every cell, so that cells compare at a glance. */
    private record Scale(int seconds, int count, long latencyMillis, int threads, long heapMb) {
        static Scale of(List<OutageRun> runs) {
            int seconds = 1, count = 1, threads = 1;
            long latency = 1, heapMb = 1;
            for (OutageRun run : runs) {
                List<OutageSecond> all = run.seconds();
                seconds = Math.max(seconds, all.size());
                for (OutageSecond s : all) {
                    count = Math.max(count, Math.max(Math.max(s.completed(), s.failed()), Math.max(s.inFlight(), s.paymentsPending())));
                }
                for (CheckoutRecord c : run.checkouts()) latency = Math.max(latency, c.latencyNanos() / 1_000_000);
                threads = Math.max(threads, run.peakThreads());
                heapMb = Math.max(heapMb, run.peakHeapBytes() / MB);
            }
            return new Scale(seconds, count, latency, threads, heapMb);
        }

        double x(int left, double second) {
            return left + second / seconds * CELL;
        }
    }

    private static void cell(StringBuilder svg, OutageRun run, int left, int top, Scale scale) {
        List<OutageSecond> seconds = run.seconds();
        double outageFrom = (run.outageBegan() - run.originNanos()) / 1e9;
        double outageTo = (run.outageEnded() - run.originNanos()) / 1e9;
        int countsTop = top + 8;
        int latencyTop = countsTop + COUNTS + 22;
        int jvmTop = latencyTop + LATENCY + 22;
        for (int panelTop : new int[] {countsTop, latencyTop, jvmTop}) {
            int panelHeight = panelTop == countsTop ? COUNTS : panelTop == latencyTop ? LATENCY : JVM;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e6e6e6\"/>%n",
                    scale.x(left, outageFrom), panelTop, scale.x(left, outageTo) - scale.x(left, outageFrom), panelHeight));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#bbb\"/>%n",
                    left, panelTop, CELL, panelHeight));
        }
        svg.append(polyline(seconds, left, countsTop, COUNTS, scale.count(), scale, OutageSecond::completed, COMPLETED));
        svg.append(polyline(seconds, left, countsTop, COUNTS, scale.count(), scale, OutageSecond::failedFast, FAILED_FAST));
        svg.append(polyline(seconds, left, countsTop, COUNTS, scale.count(), scale, OutageSecond::timedOut, FAILED));
        svg.append(polyline(seconds, left, countsTop, COUNTS, scale.count(), scale, OutageSecond::inFlight, IN_FLIGHT));
        svg.append(polyline(seconds, left, countsTop, COUNTS, scale.count(), scale, OutageSecond::paymentsPending, PENDING));
        svg.append(text(left + 4, countsTop + 12, "top: " + scale.count(), "fill:#888;font-size:10px"));
        // Those with nothing to pay last, on top: whether they stay low is the picture's question.
        for (boolean needsPayment : new boolean[] {true, false}) {
            for (CheckoutRecord c : run.checkouts()) {
                if (c.needsPayment() != needsPayment) continue;
                double x = scale.x(left, (c.startNanos() - run.originNanos()) / 1e9);
                double y = latencyTop + LATENCY - (double) c.latencyNanos() / 1_000_000 / scale.latencyMillis() * LATENCY;
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\"/>%n", x, y,
                        !c.needsPayment() ? NOTHING_TO_PAY : c.completed() ? COMPLETED : c.failedFast() ? FAILED_FAST : FAILED));
            }
        }
        svg.append(text(left + 4, latencyTop + 11, "latency, up to " + scale.latencyMillis() + " ms", "fill:#888;font-size:10px"));
        svg.append(polyline(seconds, left, jvmTop, JVM, scale.threads(), scale, OutageSecond::threads, THREADS));
        svg.append(polyline(seconds, left, jvmTop, JVM, (int) scale.heapMb(), scale, s -> (int) (s.heapBytes() / MB), HEAP));
        svg.append(text(left + 4, jvmTop - 4, "threads, up to " + scale.threads() + "; heap, up to " + scale.heapMb() + " MB",
                "fill:#888;font-size:10px"));
        for (int s = 0; s <= scale.seconds(); s += 5) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#888\" font-size=\"10\" text-anchor=\"middle\">%d s</text>%n",
                    scale.x(left, s), jvmTop + JVM + 12, s));
        }
        ChargeCheck charges = run.charges();
        int below = jvmTop + JVM;
        svg.append(text(left, below + 27, String.format(Locale.ROOT, "completed %d, failed %d (%d fast, %d timed out); p50 %s, p99 %s",
                run.completed(), run.failed(), run.failedFast(), run.timedOut(), OutageReport.millis(run.latency(50)),
                OutageReport.millis(run.latency(99))), "fill:#333"));
        svg.append(text(left, below + 41, String.format(Locale.ROOT, "nothing to pay, started in the outage: up to %s; JVM peak: %d threads, %d MB",
                OutageReport.millis(OutageRun.percentile(run.nothingToPayDuringOutage(), 100)), run.peakThreads(),
                run.peakHeapBytes() / MB), "fill:#333"));
        svg.append(text(left, below + 55, String.format(Locale.ROOT, "charged exactly once: %d of %d%s",
                charges.chargedOnce(), charges.completed(),
                run.catchUp().map(d -> ", the last that waited " + OutageReport.millis(d) + " after the return").orElse("")),
                charges.right() ? "fill:#333" : "fill:" + FAILED));
    }

    private static String polyline(List<OutageSecond> seconds, int left, int top, int height, int largest, Scale scale,
            ToIntFunction<OutageSecond> value, String color) {
        StringBuilder points = new StringBuilder();
        for (OutageSecond s : seconds) {
            double y = top + height - (double) value.applyAsInt(s) / Math.max(1, largest) * height;
            // Each second's value drawn across that second: a step, since it counts the whole second.
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", scale.x(left, s.second()), y, scale.x(left, s.second() + 1), y));
        }
        return String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"/>%n",
                points.toString().trim(), color);
    }

    private static String legend(int x, int y) {
        String[][] entries = {{COMPLETED, "completed per second"}, {FAILED_FAST, "failed fast (refused by a protection)"},
                {FAILED, "timed out (deadline)"}, {IN_FLIGHT, "in flight (the caller waits)"},
                {PENDING, "payment pending (completed, not charged yet)"}};
        StringBuilder legend = new StringBuilder();
        int at = x;
        int line = y;
        for (int i = 0; i < entries.length; i++) {
            // Three to a line, so that the legend fits a picture of a single column of cells too.
            if (i == 3) {
                at = x;
                line += 16;
            }
            legend.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n", at, line - 4,
                    entries[i][0]));
            legend.append(text(at + 18, line, entries[i][1], "fill:#333"));
            at += 18 + entries[i][1].length() * 7 + 20;
        }
        legend.append(text(x, line + 16, "dots: each checkout's latency at the moment it started (green: receipt, cyan: failed fast,"
                + " red: other failure, blue: nothing to pay)", "fill:#555"));
        legend.append(text(x, line + 32, "below them: the JVM's threads (grey) and heap in use (brown), peak of each second", "fill:#555"));
        return legend.toString();
    }

    private static Optional<OutageRun> find(List<OutageRun> runs, String style, String path) {
        return runs.stream().filter(r -> r.style().equals(style) && r.path().equals(path)).findFirst();
    }

    private static String text(int x, int y, String text, String style) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" style=\"%s\" xml:space=\"preserve\">%s</text>%n",
                x, y, style, text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
    }
}
