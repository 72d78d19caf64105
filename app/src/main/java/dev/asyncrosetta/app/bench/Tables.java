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
            out.append(grid(section.results()).text());
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
            out.append(grid(section.results()).markdown());
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

    private static Grid grid(List<Result> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(Column::header).toArray(String[]::new));
        for (Result result : results) {
            rows.add(COLUMNS.stream().map(column -> column.cell().apply(result)).toArray(String[]::new));
        }
        boolean[] left = new boolean[COLUMNS.size()];
        for (int c = 0; c < left.length; c++) left[c] = COLUMNS.get(c).left();
        return new Grid(rows, left);
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
