package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
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
            out.append(grid(section).text());
            for (Result r : section.results()) {
                for (String note : notes(r, section.quick())) out.append("  ").append(note).append('\n');
            }
            for (Extra extra : extras(section)) {
                out.append('\n').append(extra.heading()).append('\n').append(extra.grid().text());
                extra.footnotes().forEach(line -> out.append("  ").append(line).append('\n'));
            }
        }
        return out.toString();
    }

    static String markdown(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            if (out.length() > 0) out.append('\n');
            out.append("**").append(section.heading()).append("**\n\n");
            out.append(grid(section).markdown());
            List<String> notes = section.results().stream().flatMap(r -> notes(r, section.quick()).stream()).toList();
            if (!notes.isEmpty()) {
                out.append('\n');
                notes.forEach(note -> out.append("- ").append(note).append('\n'));
            }
            for (Extra extra : extras(section)) {
                out.append("\n**").append(extra.heading()).append("**\n\n").append(extra.grid().markdown());
                extra.footnotes().forEach(line -> out.append('\n').append(line).append('\n'));
            }
        }
        return out.toString();
    }

    /** A table a workload's section adds under its own: W3's cost per checkout held, W2's client floors, broker path and variants. */
    private record Extra(String heading, Grid grid, List<String> footnotes) {}

    private static List<Extra> extras(Section section) {
        List<Extra> extras = new ArrayList<>();
        if (section.workload() == Workload.W3 && section.inFlight() > 0) {
            extras.add(new Extra(HoldingTable.heading(section, section.inFlight()), HoldingTable.grid(section, section.inFlight()),
                    List.of()));
        }
        if (hasFloors(section)) {
            List<String> footnotes = new ArrayList<>();
            FloorTable.hop(section).ifPresent(footnotes::add);
            FloorTable.shopCeiling(section, CORES).ifPresent(footnotes::add);
            extras.add(new Extra(FloorTable.heading(section), FloorTable.grid(section), footnotes));
        }
        for (PairedTable paired : List.of(PairedTable.BROKER, PairedTable.VARIANT)) {
            if (paired.applies(section)) {
                extras.add(new Extra(paired.heading(section), paired.grid(section), paired.footnotes()));
            }
        }
        return extras;
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

    /** The columns for every result, and last the spread of the workload's headline figure over the repetitions. */
    static Grid grid(Section section) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(COLUMNS.stream().map(Column::header).toList());
        header.add(section.workload().headlineName() + " spread (runs)");
        rows.add(header.toArray(String[]::new));
        for (Result result : section.results()) {
            List<String> row = new ArrayList<>(COLUMNS.stream().map(column -> column.cell().apply(result)).toList());
            row.add(spread(section.spreads().get(result.style())));
            rows.add(row.toArray(String[]::new));
        }
        boolean[] left = new boolean[COLUMNS.size() + 1];
        for (int c = 0; c < COLUMNS.size(); c++) left[c] = COLUMNS.get(c).left();
        return new Grid(rows, left);
    }

    /** "280-351 (3)": the lowest and highest of the repetitions, and how many there were. */
    static String spread(Spread spread) {
        if (spread == null || spread.count() == 0) return "-";
        return integer(spread.min()) + "-" + integer(spread.max()) + " (" + spread.count() + ")";
    }

    private static boolean hasFloors(Section section) {
        return section.results().stream().anyMatch(r -> ClientFloor.isFloor(r.style()));
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

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
