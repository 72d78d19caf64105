package dev.asyncrosetta.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Timelines as text: one row per call with its step, target, the thread that started it and the
 * thread that handled its answer, its start and end in ms from the checkout's start, and a bar on
 * a time scale shared by every timeline drawn together, so they can be compared by eye.
 */
final class GanttChart {
    static final int DEFAULT_WIDTH = 100;
    private static final int MIN_BAR = 20;
    private static final int MAX_TARGET = 28;
    private static final int MAX_OUTCOME = 10;

    static final char SHOP = '#';
    static final char CLIENT = '-';
    static final char CLIENT_ONLY = '=';
    static final char ABORTED = 'x';
    static final char RESET = '!';
    private static final Map<Character, String> MEANING = new LinkedHashMap<>();

    static {
        MEANING.put(SHOP, "the shop working on the call");
        MEANING.put(CLIENT, "the client's side around it (connect, send, receive, hand the answer over)");
        MEANING.put(CLIENT_ONLY, "the call as the client saw it (a remote shop shows no side of its own)");
        MEANING.put(ABORTED, "aborted by the client");
        MEANING.put(RESET, "connection reset by the shop");
    }

    private final int width;

    GanttChart(int width) {
        this.width = width;
    }

    /** The terminal's width when the shell exports it, else {@value #DEFAULT_WIDTH} columns. */
    static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 60 && columns <= 500 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Every timeline, one above another, on one scale and in aligned columns, then a legend. */
    String draw(List<Timeline> timelines) {
        Columns columns = new Columns(timelines, width);
        long scale = Math.max(1, timelines.stream().mapToLong(t -> t.lastNanos() - t.startNanos()).max().orElse(1));
        StringBuilder chart = new StringBuilder();
        TreeSet<Character> used = new TreeSet<>();
        for (Timeline timeline : timelines) {
            draw(timeline, columns, scale, chart, used);
            chart.append('\n');
        }
        chart.append("  start, end: ms from the checkout's start; threads tA>tB: started on tA, answer handled on tB\n");
        MEANING.forEach((mark, meaning) -> {
            if (used.contains(mark)) chart.append("  ").append(mark).append(' ').append(meaning).append('\n');
        });
        return chart.toString();
    }

    private void draw(Timeline timeline, Columns columns, long scale, StringBuilder chart, TreeSet<Character> used) {
        chart.append(timeline.style()).append(": ").append(timeline.summary()).append('\n');
        chart.append(String.format(Locale.ROOT, "  %s took %.1f ms: %s", timeline.requestId(), timeline.durationMillis(),
                timeline.outcome().summary())).append('\n');
        chart.append(columns.header(axis(columns.bar, scale))).append('\n');
        List<String> threads = timeline.threads();
        for (TracedCall call : timeline.calls()) {
            char[] bar = bar(timeline, call, columns.bar, scale);
            for (char c : bar) if (c != ' ') used.add(c);
            chart.append(columns.row(call, threadsOf(call, threads),
                    timeline.offsetMillis(call.startNanos()), timeline.offsetMillis(call.endNanos(timeline.endNanos())),
                    new String(bar))).append('\n');
        }
        if (timeline.calls().isEmpty()) chart.append("  (no calls)\n");
        chart.append(wrap("  threads: ", legendOf(threads))).append('\n');
    }

    /** The call's bar: the client's span, the shop's span over it, and how the call ended at the shop. */
    static char[] bar(Timeline timeline, TracedCall call, int cells, long scale) {
        char[] bar = new char[cells];
        Arrays.fill(bar, ' ');
        long origin = timeline.startNanos();
        call.client().ifPresent(client -> fill(bar, cell(client.startNanos() - origin, cells, scale),
                endCell(client.endNanos() - origin, cells, scale), timeline.hasShopView() ? CLIENT : CLIENT_ONLY));
        call.shop().ifPresent(shop -> {
            int from = cell(shop.startNanos() - origin, cells, scale);
            int to = Math.max(from, endCell((shop.ended() ? shop.endNanos() : call.endNanos(timeline.endNanos())) - origin, cells, scale));
            fill(bar, from, to, SHOP);
            if (call.abortedByClient()) bar[to] = ABORTED;
            if (call.resetByShop()) bar[to] = RESET;
        });
        return bar;
    }

    /** The cell a moment falls in: the cells split the scale evenly. */
    static int cell(long offsetNanos, int cells, long scale) {
        return clamp(offsetNanos * cells / scale, cells);
    }

    /** The last cell a span ending at this moment covers: an end on a cell's border does not reach into the next. */
    static int endCell(long offsetNanos, int cells, long scale) {
        return offsetNanos <= 0 ? 0 : clamp((offsetNanos * cells + scale - 1) / scale - 1, cells);
    }

    private static int clamp(long cell, int cells) {
        return (int) Math.max(0, Math.min(cells - 1, cell));
    }

    private static void fill(char[] bar, int from, int to, char mark) {
        for (int i = from; i <= Math.max(from, to); i++) bar[i] = mark;
    }

    private static String axis(int cells, long scale) {
        String left = "0 ms";
        String right = String.format(Locale.ROOT, "%.0f ms", scale / 1e6);
        return left + " ".repeat(Math.max(1, cells - left.length() - right.length())) + right;
    }

    /** {@code t1>t2}: started on the first thread of the legend, answer handled on the second. */
    static String threadsOf(TracedCall call, List<String> threads) {
        if (call.client().isEmpty()) return "?";
        return "t" + (threads.indexOf(call.startThread()) + 1) + ">t" + (threads.indexOf(call.answerThread()) + 1);
    }

    private static List<String> legendOf(List<String> threads) {
        if (threads.isEmpty()) return List.of("none reported");
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            entries.add("t" + (i + 1) + " " + (threads.get(i).isEmpty() ? "(unnamed)" : threads.get(i)));
        }
        return entries;
    }

    /** The entries after the prefix, comma-separated, wrapped between entries to fit the width. */
    private String wrap(String prefix, List<String> entries) {
        StringBuilder lines = new StringBuilder();
        StringBuilder line = new StringBuilder(prefix);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) + (i < entries.size() - 1 ? "," : "");
            if (line.length() > prefix.length() && line.length() + 1 + entry.length() > width) {
                lines.append(line).append('\n');
                line = new StringBuilder(" ".repeat(prefix.length()));
            } else if (line.length() > prefix.length()) {
                line.append(' ');
            }
            line.append(entry);
        }
        return lines.append(line).toString();
    }

    static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }

    /** Column widths shared by every timeline of a chart, so their bars line up. */
    private static final class Columns {
        final int target;
        final int threads;
        final int outcome;
        final int time;
        final int bar;

        Columns(List<Timeline> timelines, int width) {
            target = widest(timelines, call -> call.target().length(), "target".length(), MAX_TARGET);
            threads = Math.max("threads".length(), timelines.stream()
                    .mapToInt(t -> ("t" + t.threads().size() + ">t" + t.threads().size()).length()).max().orElse(0));
            outcome = widest(timelines, call -> call.outcome().length(), "outcome".length(), MAX_OUTCOME);
            double longest = timelines.stream().mapToDouble(t -> t.offsetMillis(t.lastNanos())).max().orElse(0);
            time = Math.max("start".length(), String.format(Locale.ROOT, "%.1f", longest).length());
            bar = Math.max(MIN_BAR, width - label() - 2);
        }

        private static int widest(List<Timeline> timelines, ToIntFunction<TracedCall> length, int least, int most) {
            int widest = timelines.stream().flatMap(t -> t.calls().stream()).mapToInt(length).max().orElse(0);
            return Math.min(most, Math.max(least, widest));
        }

        /** Everything left of the bar: step, target, threads, start, end, outcome. */
        private int label() {
            return 2 + 7 + 1 + target + 1 + threads + 1 + time + 1 + time + 1 + outcome + 1;
        }

        String header(String axis) {
            return String.format(Locale.ROOT, "  %-7s %-" + target + "s %-" + threads + "s %" + time + "s %" + time + "s %-"
                    + outcome + "s |%s|", "step", "target", "threads", "start", "end", "outcome", axis);
        }

        String row(TracedCall call, String threadsText, double start, double end, String barText) {
            return String.format(Locale.ROOT, "  %-7s %-" + target + "s %-" + threads + "s %" + time + ".1f %" + time + ".1f %-"
                    + outcome + "s |%s|", call.step(), fit(call.target(), target), threadsText, start, end,
                    fit(call.outcome(), outcome), barText);
        }
    }
}
