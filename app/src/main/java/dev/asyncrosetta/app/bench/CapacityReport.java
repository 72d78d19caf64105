package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The capacity sweep's outcome, as the result files hold it: the table, every probe (CSV) and a summary per style (JSON). */
record CapacityReport(CapacitySweep.Plan plan, LatencyTarget target, List<CapacitySweep.StyleCapacity> capacities) {

    /** One probe of one search, for results.json and capacity.csv. */
    record Probe(int search, double rate, boolean sustained, long succeeded, long failed, double p50Millis, double p99Millis,
            double clientCpuMicros, double shopCpuMicros, int peakThreads) {}

    /** A style's capacities over its searches, and every probe. */
    record Summary(String style, Spread capacity, boolean atCeiling, List<Probe> probes) {}

    List<Summary> summaries() {
        List<Summary> summaries = new ArrayList<>();
        for (CapacitySweep.StyleCapacity style : capacities) {
            List<Probe> probes = new ArrayList<>();
            for (int search = 0; search < style.searches().size(); search++) {
                for (CapacitySearch.Step<Result> step : style.searches().get(search).steps()) {
                    Result r = step.outcome();
                    probes.add(new Probe(search + 1, step.rate(), step.sustained(), r.succeeded(), r.failed(), r.p50Millis(),
                            r.p99Millis(), r.clientCpuMicros(), r.shopCpuMicros(), r.peakThreads()));
                }
            }
            summaries.add(new Summary(style.style(), style.capacity(), style.median().atCeiling(), List.copyOf(probes)));
        }
        return summaries;
    }

    String text() {
        return CapacityTable.text(plan, target, capacities);
    }

    String markdown() {
        return CapacityTable.markdown(plan, target, capacities);
    }

    String csv() {
        StringBuilder csv = new StringBuilder("style,search,offered_per_s,sustained,succeeded,failed,p50_ms,p99_ms,"
                + "client_cpu_us_per_checkout,shop_cpu_us_per_checkout,peak_threads\n");
        for (Summary summary : summaries()) {
            for (Probe p : summary.probes()) {
                csv.append(String.format(Locale.ROOT, "%s,%d,%.0f,%b,%d,%d,%.3f,%.3f,%.3f,%.3f,%d%n", summary.style(), p.search(),
                        p.rate(), p.sustained(), p.succeeded(), p.failed(), p.p50Millis(), p.p99Millis(), p.clientCpuMicros(),
                        p.shopCpuMicros(), p.peakThreads()));
            }
        }
        return csv.toString().replace("NaN", "");
    }
}
