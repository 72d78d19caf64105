package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The results as a text table for the terminal and as a markdown table for docs/benchmarks.md. */
final class Tables {
    private Tables() {}

    private record Column(String header, boolean left, Function<Result, String> cell) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("style", true, Result::style),
            new Column("checkouts/s", false, r -> integer(r.throughput())),
            new Column("p50 ms", false, r -> millis(r.p50Millis())),
            new Column("p90 ms", false, r -> millis(r.p90Millis())),
            new Column("p99 ms", false, r -> millis(r.p99Millis())),
            new Column("max ms", false, r -> millis(r.maxMillis())),
            new Column("N/X ms", false, r -> millis(r.littleMillis())),
            new Column("failed", false, r -> r.problem() != null ? "run failed" : Long.toString(r.failed())),
            new Column("client CPU µs/co", false, r -> integer(r.clientCpuMicros())),
            new Column("shop CPU µs/co", false, r -> integer(r.shopCpuMicros())),
            new Column("alloc KB/co", false, r -> decimal(r.allocatedBytes() / 1024)),
            new Column("threads peak (before)", false, r -> r.problem() != null && r.succeeded() == 0 ? "-"
                    : r.peakThreads() + " (" + r.threadsBefore() + ")"),
            new Column("heap MB", false, r -> integer(r.heapMegabytes())),
            new Column("GC pauses ms", false, r -> r.succeeded() == 0 && r.problem() != null ? "-" : Long.toString(r.gcPauseMillis())),
            new Column("machine busy", false, r -> Double.isNaN(r.machineBusy()) ? "-"
                    : String.format(Locale.ROOT, "%.0f%%", r.machineBusy() * 100)));

    static String text(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            if (out.length() > 0) out.append('\n');
            out.append(section.heading()).append('\n');
            List<String[]> rows = rows(section.results());
            int[] widths = new int[COLUMNS.size()];
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) widths[c] = Math.max(widths[c], row[c].length());
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < row.length; c++) {
                    if (c > 0) line.append("  ");
                    String format = "%" + (COLUMNS.get(c).left() ? "-" : "") + widths[c] + "s";
                    line.append(String.format(Locale.ROOT, format, row[c]));
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
            for (Result r : section.results()) {
                for (String note : notes(r, section.quick())) out.append("  ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    static String markdown(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            if (out.length() > 0) out.append('\n');
            out.append("**").append(section.heading()).append("**\n\n");
            List<String[]> rows = rows(section.results());
            out.append(markdownRow(rows.get(0)));
            StringBuilder rule = new StringBuilder("|");
            for (Column column : COLUMNS) rule.append(column.left() ? "---|" : "---:|");
            out.append(rule).append('\n');
            for (String[] row : rows.subList(1, rows.size())) out.append(markdownRow(row));
            List<String> notes = section.results().stream().flatMap(r -> notes(r, section.quick()).stream()).toList();
            if (!notes.isEmpty()) {
                out.append('\n');
                notes.forEach(note -> out.append("- ").append(note).append('\n'));
            }
        }
        return out.toString();
    }

    /** What the row cannot show: a run that went wrong, the failures with an example of each kind. */
    static List<String> notes(Result r, boolean quick) {
        List<String> notes = new ArrayList<>();
        if (r.problem() != null) notes.add(r.style() + ": " + r.problem());
        r.failures().forEach((kind, count) -> notes.add(r.style() + ": " + count + " x " + kind + ", e.g. "
                + abbreviate(r.failureExamples().getOrDefault(kind, "?"), 240)));
        if (r.retries() > 0 || r.aborted() > 0) {
            notes.add(r.style() + ": the shop saw " + r.retries() + " retried and " + r.aborted() + " aborted calls");
        }
        if (!quick && !r.drained() && r.problem() == null && r.succeeded() > 0) {
            notes.add(r.style() + ": checkouts still in flight after the drain time were left to close()");
        }
        return notes;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static String markdownRow(String[] cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static List<String[]> rows(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::header).toArray(String[]::new));
        for (Result result : results) {
            rows.add(COLUMNS.stream().map(column -> column.cell().apply(result)).toArray(String[]::new));
        }
        return rows;
    }

    static String integer(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String decimal(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.1f", value);
    }

    /** Three significant figures or so: 4.27, 42.7, 427, 4,270. */
    static String millis(double value) {
        if (Double.isNaN(value)) return "-";
        if (value < 10) return String.format(Locale.ROOT, "%.2f", value);
        if (value < 100) return String.format(Locale.ROOT, "%.1f", value);
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
