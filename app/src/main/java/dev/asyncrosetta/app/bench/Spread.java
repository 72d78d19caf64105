package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A figure measured several times in one run: its median, which a single disturbed repetition
 * cannot move, and its lowest and highest, which say how far one repetition could be trusted.
 * Repetitions that produced no figure (NaN) are left out; a spread of none is NaN throughout.
 */
record Spread(double median, double min, double max, int count) {

    static Spread of(List<Double> values) {
        List<Double> known = values.stream().filter(value -> !Double.isNaN(value)).sorted().toList();
        if (known.isEmpty()) return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        int n = known.size();
        double median = n % 2 == 1 ? known.get(n / 2) : (known.get(n / 2 - 1) + known.get(n / 2)) / 2;
        return new Spread(median, known.get(0), known.get(n - 1), n);
    }

    static <T> Spread of(List<T> repetitions, ToDoubleFunction<T> figure) {
        return of(repetitions.stream().map(figure::applyAsDouble).toList());
    }

    /**
     * The repetition whose figure is the median one (the lower of the middle two for an even count),
     * so that a row can show one repetition's other columns consistently beside the median. Those
     * without the figure sort last.
     */
    static <T> T medianOf(List<T> repetitions, ToDoubleFunction<T> figure) {
        if (repetitions.isEmpty()) throw new IllegalArgumentException("no repetitions");
        List<T> sorted = new ArrayList<>(repetitions);
        sorted.sort(Comparator.comparingDouble(r -> {
            double value = figure.applyAsDouble(r);
            return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        }));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** The spread as a share of the median: (max - min) / median. */
    double relative() {
        return (max - min) / median;
    }
}
