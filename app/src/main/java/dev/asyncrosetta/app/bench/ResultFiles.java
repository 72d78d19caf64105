package dev.asyncrosetta.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bench's files: results.csv (one row per style and workload), results.json (the same with the
 * machine and the command), results.md (the tables and the targets, to paste into or include in
 * docs/benchmarks.md) and the charts.
 */
final class ResultFiles {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFiles() {}

    /** Everything one bench run knows. */
    record Report(String command, boolean quick, String startedAt, double minutes, Machine machineBefore,
            String loadAverageAfter, String allocationSource, List<CapacityReport.Summary> capacity, List<Result> results) {}

    /** @param capacity the capacity sweep's, or null when it did not run */
    static List<Path> write(Path dir, Report report, List<String> styles, List<Section> sections, CapacityReport capacity)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve("results.csv"), csv(report.results())));
        if (capacity != null) files.add(Files.writeString(dir.resolve("capacity.csv"), capacity.csv()));
        files.add(Files.writeString(dir.resolve("results.json"), JSON.writeValueAsString(report) + "\n"));
        files.add(Files.writeString(dir.resolve("results.md"), markdown(report, sections, capacity)));
        files.addAll(Charts.write(dir, styles, sections));
        if (capacity != null) files.add(CapacityChart.write(dir, capacity.target(), capacity.capacities()));
        return files;
    }

    static String markdown(Report report, List<Section> sections, CapacityReport capacity) {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(report.startedAt()).append(" with `").append(report.command()).append("` (")
                .append(String.format(Locale.ROOT, "%.1f", report.minutes())).append(" min).\n\n");
        md.append("Machine: ").append(report.machineBefore().describe()).append("; load average after: ")
                .append(report.loadAverageAfter()).append(".\n\n");
        if (capacity != null) md.append(capacity.markdown()).append('\n');
        md.append(Tables.markdown(sections)).append('\n');
        md.append("Where the client's CPU went in each window (share of the client JVM's CPU time by group of threads;"
                + " virtual threads count for their carriers) and the JIT compilers' time in the window:\n\n```\n");
        for (Section section : sections) {
            for (Result r : section.results()) {
                md.append(String.format(Locale.ROOT, "%s %-16s JIT %5d ms  ", r.workload(), r.style(), r.jitMillis()));
                md.append(r.cpuShares().entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                        .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))).append('\n');
            }
        }
        md.append("```\n\n");
        md.append("Targets of issue 10").append(report.quick() ? " (judged on a quick run: a first look only)" : "")
                .append(":\n\n```\n");
        Targets.judge(sections).forEach(line -> md.append(line).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    private static final String CSV_HEADER = "workload,style,mode,order,latency_ms,floor_ms,seconds,succeeded,failed,"
            + "checkouts_per_s,p50_ms,p90_ms,p99_ms,max_ms,mean_ms,little_mean_ms,calls_per_checkout,retries,aborted,client_cpu_us_per_checkout,shop_cpu_us_per_checkout,"
            + "allocated_bytes_per_checkout,threads_before,peak_threads,heap_mb,gc_pauses,gc_pause_ms,machine_busy,drained,"
            + "failures,problem";

    static String csv(List<Result> results) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (Result r : results) {
            List<Object> cells = List.of(r.workload(), r.style(), r.mode(), r.order(), r.latencyMillis(), r.floorMillis(),
                    number(r.seconds()), r.succeeded(), r.failed(), number(r.throughput()), number(r.p50Millis()),
                    number(r.p90Millis()), number(r.p99Millis()), number(r.maxMillis()), number(r.meanMillis()), number(r.littleMillis()),
                    number(r.callsPerCheckout()), r.retries(), r.aborted(),
                    number(r.clientCpuMicros()), number(r.shopCpuMicros()), number(r.allocatedBytes()), r.threadsBefore(),
                    r.peakThreads(), number(r.heapMegabytes()), r.gcPauses(), r.gcPauseMillis(), number(r.machineBusy()),
                    r.drained(),
                    r.failures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")),
                    r.problem() == null ? "" : r.problem());
            csv.append(cells.stream().map(cell -> quote(String.valueOf(cell))).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? '"' + cell.replace("\"", "\"\"") + '"'
                : cell;
    }
}
