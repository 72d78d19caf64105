package dev.asyncrosetta.app;

import dev.asyncrosetta.model.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same timelines as {@link GanttChart}, as an SVG picture: one band per style on one shared
 * time axis, a bar per call (light: the client's side, solid: the shop working), and a tooltip on
 * every bar with its threads and times. Plain SVG text, no library.
 */
final class SvgTimeline {
    private static final int WIDTH = 1200;
    private static final int LABEL = 430;
    private static final int PLOT = WIDTH - LABEL - 30;
    private static final int ROW = 18;
    private static final int FONT = 12;
    /** About as many 12 px monospace characters as fit across the picture. */
    private static final int LEGEND_CHARS = (WIDTH - 20) * 10 / 72;
    private static final Map<Step, String> COLORS = Map.of(
            Step.USER, "#3b6fb6", Step.ORDERS, "#2e9d5b", Step.DETAILS, "#e08a1e", Step.PAYMENT, "#8a4fbf");
    private static final String FAILED = "#c62828";

    private SvgTimeline() {}

    static void write(Path file, List<Timeline> timelines) throws IOException {
        Files.writeString(file, render(timelines), StandardCharsets.UTF_8);
    }

    static String render(List<Timeline> timelines) {
        long scale = Math.max(1, timelines.stream().mapToLong(t -> t.lastNanos() - t.startNanos()).max().orElse(1));
        double tick = tickMillis(scale / 1e6);
        StringBuilder body = new StringBuilder();
        int y = 30;
        body.append(text(10, 20, "async-rosetta: where and when each call ran", "font-weight:bold;font-size:15px"));
        body.append(text(LABEL, 20, "light: the client's side of a call   solid: the shop working on it   dashed: the outcome",
                "fill:#555"));
        for (Timeline timeline : timelines) {
            y = band(body, timeline, y, scale, tick) + 24;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"monospace\" font-size=\"%d\">%n", WIDTH, y, WIDTH, y, FONT)
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + body
                + "</svg>\n";
    }

    /** One style's band: its title, the time axis, a row per call and its threads; returns where it ends. */
    private static int band(StringBuilder svg, Timeline timeline, int top, long scale, double tick) {
        int y = top + 16;
        svg.append(text(10, y, timeline.style(), "font-weight:bold;font-size:14px"));
        svg.append(text(10 + 9 * timeline.style().length() + 12, y, timeline.summary(), "fill:#555"));
        y += 17;
        String outcome = String.format(Locale.ROOT, "%s took %.1f ms: %s",
                timeline.requestId(), timeline.durationMillis(), timeline.outcome().summary());
        svg.append(text(10, y, outcome, timeline.outcome().succeeded() ? "fill:#333" : "fill:" + FAILED));
        y += 8;
        int rowsTop = y;
        int rowsHeight = Math.max(1, timeline.calls().size()) * ROW;
        axis(svg, rowsTop, rowsHeight, scale, tick);
        List<String> threads = timeline.threads();
        for (TracedCall call : timeline.calls()) {
            row(svg, timeline, call, threads, y, scale);
            y += ROW;
        }
        double outcomeX = x(timeline.endNanos() - timeline.startNanos(), scale);
        svg.append(line(outcomeX, rowsTop, rowsTop + rowsHeight, timeline.outcome().succeeded() ? "#333" : FAILED, "4 2"));
        y = rowsTop + rowsHeight + 30;
        // Wrapped between entries: the blocking styles can use many threads.
        StringBuilder line = new StringBuilder("threads:");
        for (int i = 0; i < threads.size(); i++) {
            String entry = (i == 0 ? " " : ", ") + "t" + (i + 1) + " " + threads.get(i);
            if (line.length() + entry.length() > LEGEND_CHARS) {
                svg.append(text(10, y, line.toString(), "fill:#555"));
                y += 15;
                line = new StringBuilder("        ").append(entry.substring(1));
            } else {
                line.append(entry);
            }
        }
        svg.append(text(10, y, line.toString(), "fill:#555"));
        return y;
    }

    private static void axis(StringBuilder svg, int top, int height, long scale, double tick) {
        for (double ms = 0; ms <= scale / 1e6 + 1e-9; ms += tick) {
            double x = x((long) (ms * 1e6), scale);
            svg.append(line(x, top, top + height, "#e4e4e4", "none"));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" fill=\"#888\" font-size=\"10\" text-anchor=\"middle\">%s ms</text>%n",
                    x, top + height + 11, trim(ms)));
        }
    }

    private static void row(StringBuilder svg, Timeline timeline, TracedCall call, List<String> threads, int y, long scale) {
        long origin = timeline.startNanos();
        String color = COLORS.get(call.step());
        String label = String.format(Locale.ROOT, "%-7s %-26s %-7s %s", call.step(), GanttChart.fit(call.target(), 26),
                GanttChart.threadsOf(call, threads), GanttChart.fit(call.outcome(), 10));
        svg.append(text(10, y + ROW - 5, label, call.succeeded() ? "fill:#222" : "fill:" + FAILED));
        svg.append("<g><title>").append(escape(tooltip(timeline, call))).append("</title>\n");
        call.client().ifPresent(client -> bar(svg, x(client.startNanos() - origin, scale), x(client.endNanos() - origin, scale),
                y + 3, ROW - 6, color, timeline.hasShopView() ? 0.3 : 0.85));
        call.shop().ifPresent(shop -> {
            double shopEnd = x((shop.ended() ? shop.endNanos() : call.endNanos(timeline.endNanos())) - origin, scale);
            bar(svg, x(shop.startNanos() - origin, scale), shopEnd, y + 5, ROW - 10, color, 0.95);
            if (call.abortedByClient()) svg.append(ending(shopEnd, y, "x aborted"));
            if (call.resetByShop()) svg.append(ending(shopEnd, y, "! reset"));
        });
        if (!call.succeeded()) {
            double from = x(call.startNanos() - origin, scale);
            double to = x(call.endNanos(timeline.endNanos()) - origin, scale);
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"none\" stroke=\"%s\"/>%n",
                    from, y + 2, Math.max(1.5, to - from), ROW - 4, FAILED));
        }
        svg.append("</g>\n");
    }

    private static String tooltip(Timeline timeline, TracedCall call) {
        return String.format(Locale.ROOT, "%s %s%nstarted on %s, answer handled on %s%n%.1f ms to %.1f ms: %s",
                call.step(), call.target(), call.startThread(), call.answerThread(),
                timeline.offsetMillis(call.startNanos()), timeline.offsetMillis(call.endNanos(timeline.endNanos())), call.outcome());
    }

    /** How the call ended at the shop, right of the bar, or inside its end when the bar reaches the edge. */
    private static String ending(double x, int y, String what) {
        boolean roomRight = x + 80 < WIDTH;
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" font-weight=\"bold\" text-anchor=\"%s\">%s</text>%n",
                roomRight ? x + 3 : x - 3, y + ROW - 5, roomRight ? FAILED : "white", roomRight ? "start" : "end", what);
    }

    private static void bar(StringBuilder svg, double from, double to, int y, int height, String color, double opacity) {
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n",
                from, y, Math.max(1.5, to - from), height, color, opacity));
    }

    /** A vertical line: a grid line of the axis, or the dashed moment of the outcome. */
    private static String line(double x, int from, int to, String stroke, String dashes) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"%s\"/>%n",
                x, from, x, to, stroke, dashes);
    }

    private static double x(long offsetNanos, long scale) {
        return LABEL + Math.max(0, Math.min(1, (double) offsetNanos / scale)) * PLOT;
    }

    /** A round step (1, 2 or 5 times a power of ten) giving about eight ticks. */
    static double tickMillis(double scaleMillis) {
        double rough = Math.max(scaleMillis, 1e-3) / 8;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= rough) return step * power;
        }
        return 10 * power;
    }

    private static String trim(double ms) {
        return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String text(int x, int y, String text, String style) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" style=\"%s\" xml:space=\"preserve\">%s</text>%n",
                x, y, style, escape(text));
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> escaped.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return escaped.toString();
    }
}
