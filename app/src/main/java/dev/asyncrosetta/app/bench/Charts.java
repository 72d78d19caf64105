package dev.asyncrosetta.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG bar charts by style: throughput and client CPU per workload, and each workload's latency percentiles. */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {}

    /** Writes the charts into {@code dir} and returns their files. */
    static List<Path> write(Path dir, List<String> styles, List<Section> sections) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> files = new ArrayList<>();
        files.add(save(byWorkload("Checkouts per second", "checkouts/s", styles, sections, Result::throughput),
                dir.resolve("throughput.png")));
        files.add(save(byWorkload("Client CPU per checkout", "µs of CPU in the client JVM", styles, sections,
                Result::clientCpuMicros), dir.resolve("cpu.png")));
        for (Section section : sections) {
            files.add(save(latencies(section, styles), dir.resolve("latency-" + section.workload().name() + ".png")));
        }
        return files;
    }

    private static CategoryChart byWorkload(String title, String yTitle, List<String> styles, List<Section> sections,
            ToDoubleFunction<Result> figure) {
        CategoryChart chart = chart(title, yTitle);
        for (Section section : sections) {
            chart.addSeries(section.workload().name() + " " + section.workload().what(), styles,
                    values(section, styles, figure));
        }
        return chart;
    }

    private static CategoryChart latencies(Section section, List<String> styles) {
        Workload workload = section.workload();
        String floor = workload.floor().isZero() ? "" : " (floor " + workload.floor().toMillis() + " ms)";
        CategoryChart chart = chart(workload.name() + " " + workload.what() + ": latency" + floor, "ms");
        List<List<Double>> series = List.of(
                values(section, styles, Result::p50Millis), values(section, styles, Result::p90Millis),
                values(section, styles, Result::p99Millis), values(section, styles, Result::maxMillis));
        logarithmicIfWide(chart, series.stream().flatMap(List::stream).toList());
        String[] names = {"p50", "p90", "p99", "max"};
        for (int i = 0; i < names.length; i++) chart.addSeries(names[i], styles, series.get(i));
        return chart;
    }

    /**
     * Latencies can span orders of magnitude between styles (a thread-bound style queueing for
     * seconds beside others at the floor): a log axis then keeps the small bars readable. Bars start
     * from the axis' minimum, which a log axis needs set, to a power of ten below the smallest bar.
     */
    private static void logarithmicIfWide(CategoryChart chart, List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (min <= 0 || max / min < 20) return;
        chart.getStyler().setYAxisLogarithmic(true)
                .setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))))
                .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max))));
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("style").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** The figure of each style in this section, 0 where the style has none (not run, or nothing succeeded). */
    private static List<Double> values(Section section, List<String> styles, ToDoubleFunction<Result> figure) {
        List<Double> values = new ArrayList<>();
        for (String style : styles) {
            double value = section.results().stream().filter(r -> r.style().equals(style)).mapToDouble(figure)
                    .findFirst().orElse(0);
            values.add(Double.isNaN(value) ? 0 : value);
        }
        return values;
    }

    private static Path save(CategoryChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
