package dev.asyncrosetta.app.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The hockey stick: p50 and p99 against the offered rate, every style on one picture, from each
 * style's median search (its probes sorted by rate), with the target's p99 limit as a line. A style
 * keeps one colour; its p99 is solid, its p50 dashed. SVG, so that it stays sharp in the docs.
 */
final class CapacityChart {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[] {6, 4}, 0);

    private CapacityChart() {}

    static Path write(Path dir, LatencyTarget target, List<CapacitySweep.StyleCapacity> capacities) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Latency against offered rate (open loop, " + CapacitySweep.WORKLOAD.latency().toMillis() + " ms per call)")
                .xAxisTitle("offered checkouts/s").yAxisTitle("ms from when each checkout was due").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setChartBackgroundColor(Color.WHITE).setMarkerSize(5);
        Color[] palette = chart.getStyler().getSeriesColors();
        double lowest = Double.MAX_VALUE;
        double highest = 1;
        double fastest = target.p99LimitMillis();
        double slowest = target.p99LimitMillis();
        for (int s = 0; s < capacities.size(); s++) {
            CapacitySweep.StyleCapacity style = capacities.get(s);
            List<CapacitySearch.Step<Result>> steps = style.median().steps().stream()
                    .filter(step -> !Double.isNaN(step.outcome().p99Millis()))
                    .sorted(Comparator.comparingDouble(CapacitySearch.Step::rate)).toList();
            if (steps.isEmpty()) continue;
            List<Double> rates = steps.stream().map(CapacitySearch.Step::rate).toList();
            lowest = Math.min(lowest, rates.get(0));
            highest = Math.max(highest, rates.get(rates.size() - 1));
            for (CapacitySearch.Step<Result> step : steps) {
                fastest = Math.min(fastest, step.outcome().p50Millis());
                slowest = Math.max(slowest, step.outcome().p99Millis());
            }
            Color colour = palette[s % palette.length];
            XYSeries p99 = chart.addSeries(style.style() + " p99", rates, steps.stream().map(step -> step.outcome().p99Millis()).toList());
            p99.setMarker(SeriesMarkers.CIRCLE);
            p99.setLineColor(colour);
            p99.setMarkerColor(colour);
            XYSeries p50 = chart.addSeries(style.style() + " p50", rates, steps.stream().map(step -> step.outcome().p50Millis()).toList());
            p50.setMarker(SeriesMarkers.NONE);
            p50.setLineColor(colour);
            p50.setLineStyle(DASHED);
        }
        XYSeries limit = chart.addSeries("target: p99 " + Tables.integer(target.p99LimitMillis()) + " ms",
                List.of(lowest == Double.MAX_VALUE ? 0 : lowest, highest), List.of(target.p99LimitMillis(), target.p99LimitMillis()));
        // XChart labels a log axis at its powers of ten only: the axis spans whole decades, so that it has labels.
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(fastest))))
                .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(slowest))));
        limit.setMarker(SeriesMarkers.NONE);
        limit.setLineColor(Color.BLACK);
        limit.setLineStyle(DASHED);
        Path file = dir.resolve("capacity.svg");
        // The encoder appends the extension itself.
        VectorGraphicsEncoder.saveVectorGraphic(chart, dir.resolve("capacity").toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return file;
    }
}
