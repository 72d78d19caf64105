package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadlineTest {
    private static final LatencyTarget TARGET = LatencyTarget.of(CapacitySweep.WORKLOAD);

    private static CapacitySearch.Found<Result> found(double capacity, boolean atCeiling) {
        Result at = SampleResults.run("s", 100, 0, 3, 104, 120, 500, 18);
        return new CapacitySearch.Found<>(capacity, atCeiling, List.of(new CapacitySearch.Step<>(capacity, at, true)));
    }

    /** SampleResults: 15 threads before the style opened, 5 MB of heap held. */
    private static Result run(String style, double cpuMicros, int peakThreads) {
        return SampleResults.run(style, 1_000, 0, 5, 20, 40, cpuMicros, peakThreads);
    }

    private static Section section(Workload workload, int inFlight, Result... results) {
        return new Section(workload, workload.name(), new LoadMode.ClosedLoop(inFlight), List.of(results), Map.of(), false);
    }

    private static final List<CapacitySweep.StyleCapacity> CAPACITIES = List.of(
            new CapacitySweep.StyleCapacity("vertx", List.of(found(1_200, false), found(900, false), found(1_100, false))),
            new CapacitySweep.StyleCapacity("reactor", List.of(found(6_400, true))));

    @Test
    void aRowPerStyleByCapacityWithItsClientFloorAndWhatHoldingW3Costs() {
        Section w2 = section(Workload.W2, 64, run("vertx", 300, 20), run(ClientFloor.VERTX.name(), 250, 20), run("reactor", 400, 20));
        Section w3 = section(Workload.W3, 10_000, run("vertx", 900, 20), run("reactor", 900, 215));

        String headline = Headline.markdown("2026-12-03T16:00Z", TARGET, CAPACITIES, List.of(w2, w3)).orElseThrow();

        assertThat(headline).startsWith("From the full run of 2026-12-03T16:00Z").contains("10,000 checkouts in flight");
        List<String> rows = headline.lines().filter(line -> line.startsWith("| ")).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).matches("\\| reactor \\| 6,400\\+ \\| 400 \\| - \\(Reactor Netty\\) \\| - \\| 0\\.5 \\| 200 \\| 0 \\|");
        assertThat(rows.get(2)).matches("\\| vertx \\| 1,100 \\| 300 \\| 250 \\(Vert\\.x core\\) \\| 50 \\(1\\.20x\\) \\| 0\\.5 \\| 5 \\| 0 \\|");
    }

    @Test
    void aRunWithoutTheSweepW2OrW3HasNoHeadline() {
        Section w2 = section(Workload.W2, 64, run("vertx", 300, 20));
        Section w3 = section(Workload.W3, 10_000, run("vertx", 900, 20));

        assertThat(Headline.markdown("t", TARGET, CAPACITIES, List.of(w2))).isEmpty();
        assertThat(Headline.markdown("t", TARGET, CAPACITIES, List.of(w3))).isEmpty();
        assertThat(Headline.markdown("t", TARGET, List.of(), List.of(w2, w3))).isEmpty();
    }
}
