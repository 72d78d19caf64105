package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityTableTest {
    private static final CapacitySweep.Plan PLAN = CapacitySweep.plan(false);
    private static final LatencyTarget TARGET = LatencyTarget.of(CapacitySweep.WORKLOAD);

    /** A search that found {@code capacity}, with the run at it costing {@code cpu} µs per checkout. */
    private static CapacitySearch.Found<Result> found(double capacity, double cpu, int threads) {
        Result below = SampleResults.run("s", 100, 0, 3, 104, 120, cpu, threads);
        Result above = SampleResults.run("s", 100, 0, 3, 300, 900, cpu * 2, threads);
        return new CapacitySearch.Found<>(capacity, false, List.of(
                new CapacitySearch.Step<>(capacity, below, true), new CapacitySearch.Step<>(capacity * 2, above, false)));
    }

    private static String[] row(List<CapacitySweep.StyleCapacity> styles, int index) {
        return CapacityTable.grid(styles).rows().get(index + 1);
    }

    @Test
    void aRowShowsTheMedianCapacityItsSpreadAndTheFiguresOfTheMedianSearchAtIt() {
        var vertx = new CapacitySweep.StyleCapacity("vertx",
                List.of(found(1_200, 500, 18), found(900, 700, 19), found(1_100, 600, 20)));

        assertThat(row(List.of(vertx), 0))
                .containsExactly("vertx", "1,100", "900-1,200 (3)", "104", "120", "600", "200", "20", "6");
    }

    @Test
    void aStyleThatSustainedNothingHasDashesAndANote() {
        var stuck = new CapacitySweep.StyleCapacity("stuck", List.of(new CapacitySearch.Found<>(0, false, List.of(
                new CapacitySearch.Step<>(200, SampleResults.run("stuck", 1, 3, 3, 500, 900, 1_000, 30), false)))));

        assertThat(row(List.of(stuck), 0)).containsExactly("stuck", "0", "0-0 (1)", "-", "-", "-", "-", "-", "1");
        assertThat(CapacityTable.notes(List.of(stuck))).containsExactly("stuck: sustained none of the rates tried");
    }

    @Test
    void aSearchStoppedByTheCeilingIsMarkedAsALowerBound() {
        Result run = SampleResults.run("fast", 1_000, 0, 3, 101, 110, 300, 18);
        var fast = new CapacitySweep.StyleCapacity("fast", List.of(new CapacitySearch.Found<>(6_400, true,
                List.of(new CapacitySearch.Step<>(6_400, run, true)))));

        assertThat(row(List.of(fast), 0)[1]).isEqualTo("6,400+");
        assertThat(CapacityTable.notes(List.of(fast))).singleElement().asString().contains("may carry more");
    }

    @Test
    void theMarkdownHasTheHeadingAHeaderRuleAndOneRowPerStyle() {
        var a = new CapacitySweep.StyleCapacity("a", List.of(found(400, 900, 20)));
        var b = new CapacitySweep.StyleCapacity("b", List.of(found(800, 500, 18)));

        List<String> lines = CapacityTable.markdown(PLAN, TARGET, List.of(a, b)).lines().toList();

        assertThat(lines.get(0)).startsWith("**Capacity within the target: 20 ms per call, floor 100 ms;")
                .contains("p99 <= 1.5x the 100 ms floor (150 ms)", "3 searches per style");
        assertThat(lines.get(2)).startsWith("| style | checkouts/s within target |");
        assertThat(lines.get(3)).isEqualTo("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        assertThat(lines.subList(4, lines.size())).hasSize(2).allMatch(line -> line.startsWith("| a |") || line.startsWith("| b |"));
    }
}
