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
    /** Every probe of the capacity sweep, which replaced W1 in closed loop as the bench's headline. */
    static final Path CAPACITY = Path.of("docs/bench/capacity.csv");

    /** One row of the file: a style under a workload. */
    private record Row(String workload, String style, Map<String, String> cells) {
        String get(String column) {
            return cells.getOrDefault(column, "");
        }
    }

    private final List<Row> rows;
    /** Each style's median capacity over its searches, from {@link #CAPACITY}. */
    private final Map<String, Double> capacities;

    private BenchFigures(List<Row> rows, Map<String, Double> capacities) {
        this.rows = rows;
        this.capacities = capacities;
    }

    /** The figures under this root; none when the file is not there. */
    static BenchFigures read(Path root) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> byColumn : table(root.resolve(RESULTS))) {
            rows.add(new Row(byColumn.getOrDefault("workload", ""), byColumn.getOrDefault("style", ""), byColumn));
        }
        return new BenchFigures(rows, capacities(table(root.resolve(CAPACITY))));
    }

    /** The file's records as maps from its header's columns; none when the file is not there. */
    private static List<Map<String, String>> table(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            List<List<String>> records = records(Files.readString(file));
            List<String> header = records.isEmpty() ? List.of() : records.get(0);
            List<Map<String, String>> table = new ArrayList<>();
            for (List<String> values : records.subList(Math.min(1, records.size()), records.size())) {
                Map<String, String> byColumn = new HashMap<>();
                for (int i = 0; i < Math.min(header.size(), values.size()); i++) byColumn.put(header.get(i), values.get(i));
                table.add(byColumn);
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each style's capacity as the bench's table gives it: per search the highest offered rate
     * sustained (0 when none was), then the median over the searches.
     */
    private static Map<String, Double> capacities(List<Map<String, String>> probes) {
        Map<String, Map<String, Double>> bySearch = new java.util.TreeMap<>();
        for (Map<String, String> probe : probes) {
            Map<String, Double> searches = bySearch.computeIfAbsent(probe.getOrDefault("style", ""), style -> new HashMap<>());
            double rate = Boolean.parseBoolean(probe.get("sustained")) ? Double.parseDouble(probe.get("offered_per_s")) : 0;
            searches.merge(probe.getOrDefault("search", ""), rate, Math::max);
        }
        Map<String, Double> medians = new HashMap<>();
        bySearch.forEach((style, searches) -> {
            List<Double> sorted = searches.values().stream().sorted().toList();
            int n = sorted.size();
            medians.put(style, n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
        });
        return medians;
    }

    /**
     * What the style costs in the workloads, in one sentence, or nothing when the files lack a
     * workload for it. Its throughput is W1's in closed loop where the run had W1, else its capacity
     * within the latency target, which replaced W1 as the headline.
     */
    Optional<String> summary(String style) {
        Optional<String> throughput = row("W1", style).map(w1 -> "W1 " + whole(w1.get("checkouts_per_s")) + " checkouts/s")
                .or(() -> Optional.ofNullable(capacities.get(style))
                        .map(capacity -> whole(String.valueOf(capacity)) + " checkouts/s within the latency target"));
        Optional<Row> w2 = row("W2", style);
        Optional<Row> w3 = row("W3", style);
        if (throughput.isEmpty() || w2.isEmpty() || w3.isEmpty()) return Optional.empty();
        return Optional.of("W2 " + whole(w2.get().get("client_cpu_us_per_checkout")) + " µs of client CPU per checkout, "
                + throughput.get() + ", W3 " + w3.get().get("peak_threads")
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
