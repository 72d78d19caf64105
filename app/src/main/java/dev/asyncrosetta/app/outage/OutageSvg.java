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
 * cell draws, second by second, the checkouts completed and failed and those left waiting (in flight,
 * or completed with their payment pending), over the outage shaded grey; under it every checkout's
 * latency as a dot at the moment it started. Plain SVG text, no library.
 */
final class OutageSvg {
    private static final int LABEL = 130;
    private static final int CELL = 500;
    private static final int GAP = 40;
    private static final int COUNTS = 120;
    private static final int LATENCY = 70;
    private static final int ROW = COUNTS + LATENCY + 76;
    private static final int TOP = 96;
    static final String COMPLETED = "#2e9d5b";
    static final String FAILED = "#c62828";
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
    private record Scale(int seconds, int count, long latencyMillis) {
        static Scale of(List<OutageRun> runs) {
            int seconds = 1, count = 1;
            long latency = 1;
            for (OutageRun run : runs) {
                List<OutageSecond> all = run.seconds();
                seconds = Math.max(seconds, all.size());
                for (OutageSecond s : all) {
                    count = Math.max(count, Math.max(Math.max(s.completed(), s.failed()), Math.max(s.inFlight(), s.paymentsPending())));
                }
                for (CheckoutRecord c : run.checkouts()) latency = Math.max(latency, c.latencyNanos() / 1_000_000);
            }
            return new Scale(seconds, count, latency);
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
        for (int panelTop : new int[] {countsTop, latencyTop}) {
            int panelHeight = panelTop == countsTop ? COUNTS : LATENCY;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e6e6e6\"/>%n",
                    scale.x(left, outageFrom), panelTop, scale.x(left, outageTo) - scale.x(left, outageFrom), panelHeight));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#bbb\"/>%n",
                    left, panelTop, CELL, panelHeight));
        }
        svg.append(polyline(seconds, left, countsTop, scale, OutageSecond::completed, COMPLETED));
        svg.append(polyline(seconds, left, countsTop, scale, OutageSecond::failed, FAILED));
        svg.append(polyline(seconds, left, countsTop, scale, OutageSecond::inFlight, IN_FLIGHT));
        svg.append(polyline(seconds, left, countsTop, scale, OutageSecond::paymentsPending, PENDING));
        svg.append(text(left + 4, countsTop + 12, "top: " + scale.count(), "fill:#888;font-size:10px"));
        for (CheckoutRecord c : run.checkouts()) {
            double x = scale.x(left, (c.startNanos() - run.originNanos()) / 1e9);
            double y = latencyTop + LATENCY - (double) c.latencyNanos() / 1_000_000 / scale.latencyMillis() * LATENCY;
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\"/>%n", x, y,
                    c.completed() ? COMPLETED : FAILED));
        }
        svg.append(text(left + 4, latencyTop + 11, "latency, up to " + scale.latencyMillis() + " ms", "fill:#888;font-size:10px"));
        for (int s = 0; s <= scale.seconds(); s += 5) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#888\" font-size=\"10\" text-anchor=\"middle\">%d s</text>%n",
                    scale.x(left, s), latencyTop + LATENCY + 12, s));
        }
        ChargeCheck charges = run.charges();
        svg.append(text(left, latencyTop + LATENCY + 27, String.format(Locale.ROOT, "completed %d, failed %d; latency p50 %s, p99 %s",
                run.completed(), run.failed(), OutageReport.millis(run.latency(50)), OutageReport.millis(run.latency(99))), "fill:#333"));
        svg.append(text(left, latencyTop + LATENCY + 41, String.format(Locale.ROOT, "charged exactly once: %d of %d%s",
                charges.chargedOnce(), charges.completed(),
                run.catchUp().map(d -> ", the last that waited " + OutageReport.millis(d) + " after the return").orElse("")),
                charges.right() ? "fill:#333" : "fill:" + FAILED));
    }

    private static String polyline(List<OutageSecond> seconds, int left, int top, Scale scale,
            ToIntFunction<OutageSecond> value, String color) {
        StringBuilder points = new StringBuilder();
        for (OutageSecond s : seconds) {
            double y = top + COUNTS - (double) value.applyAsInt(s) / scale.count() * COUNTS;
            // Each second's value drawn across that second: a step, since it counts the whole second.
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", scale.x(left, s.second()), y, scale.x(left, s.second() + 1), y));
        }
        return String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"/>%n",
                points.toString().trim(), color);
    }

    private static String legend(int x, int y) {
        String[][] entries = {{COMPLETED, "completed per second"}, {FAILED, "failed per second"},
                {IN_FLIGHT, "in flight (the caller waits)"}, {PENDING, "payment pending (completed, not charged yet)"}};
        StringBuilder legend = new StringBuilder();
        int at = x;
        for (String[] entry : entries) {
            legend.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n", at, y - 4, entry[0]));
            legend.append(text(at + 18, y, entry[1], "fill:#333"));
            at += 18 + entry[1].length() * 7 + 20;
        }
        legend.append(text(x, y + 16, "dots: each checkout's latency at the moment it started (green: receipt, red: failure)", "fill:#555"));
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
