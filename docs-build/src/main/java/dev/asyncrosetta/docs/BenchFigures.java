package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The few figures per style the side-by-side page quotes from the last full benchmark run, read from
 * the data file {@code rosetta bench} writes, so that the page says what docs/benchmarks.md says.
 */
final class BenchFigures {
    static final Path RESULTS = Path.of("docs/bench/results.csv");

    /** One row of the file: a style under a workload. */
    private record Row(String workload, String style, Map<String, String> cells) {
        String get(String column) {
            return cells.getOrDefault(column, "");
        }
    }

    private final List<Row> rows;

    private BenchFigures(List<Row> rows) {
        this.rows = rows;
    }

    /** The figures under this root; none when the file is not there. */
    static BenchFigures read(Path root) {
        Path file = root.resolve(RESULTS);
        if (!Files.isRegularFile(file)) return new BenchFigures(List.of());
        try {
            List<List<String>> records = records(Files.readString(file));
            List<String> header = records.isEmpty() ? List.of() : records.get(0);
            List<Row> rows = new ArrayList<>();
            for (List<String> values : records.subList(Math.min(1, records.size()), records.size())) {
                Map<String, String> byColumn = new HashMap<>();
                for (int i = 0; i < Math.min(header.size(), values.size()); i++) byColumn.put(header.get(i), values.get(i));
                rows.add(new Row(byColumn.getOrDefault("workload", ""), byColumn.getOrDefault("style", ""), byColumn));
            }
            return new BenchFigures(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the style costs in the three workloads, in one sentence, or nothing when the file lacks a
     * workload for it.
     */
    Optional<String> summary(String style) {
        Optional<Row> w1 = row("W1", style);
        Optional<Row> w2 = row("W2", style);
        Optional<Row> w3 = row("W3", style);
        if (w1.isEmpty() || w2.isEmpty() || w3.isEmpty()) return Optional.empty();
        return Optional.of("W2 " + whole(w2.get().get("client_cpu_us_per_checkout")) + " µs of client CPU per checkout, W1 "
                + whole(w1.get().get("checkouts_per_s")) + " checkouts/s, W3 " + w3.get().get("peak_threads")
                + " platform threads and " + whole(w3.get().get("heap_mb")) + " MB of heap with "
                + w3.get().get("mode").replaceFirst("^closed loop, ", ""));
    }

    private Optional<Row> row(String workload, String style) {
        return rows.stream().filter(row -> row.workload().equals(workload) && row.style().equals(style)).findFirst();
    }

    private static String whole(String number) {
        try {
            return String.format(Locale.ROOT, "%,d", Math.round(Double.parseDouble(number)));
        } catch (NumberFormatException e) {
            return number;
        }
    }

    /**
     * The records of a CSV text, each a list of cells: commas and line breaks inside double quotes
     * belong to the cell (the failures the bench lists have both), and "" in quotes is a quote.
     */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' && !quoted) {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\r' || quoted) {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }
}
