package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.Calls.client;
import static dev.asyncrosetta.app.Calls.shop;
import static dev.asyncrosetta.app.Calls.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.Step;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GanttChartTest {
    private static final List<TracedCall> CALLS = List.of(
            TracedCall.of(client(Step.USER, "/users/u-1", "main", "http-1", 0, 20, "200"),
                    shop(1, Route.USER, "u-1", 5, 15, Ending.ANSWERED, 200)),
            TracedCall.of(client(Step.DETAILS, "/orders/o-1/details", "http-1", "http-2", 20, 60, "TIMEOUT"),
                    shop(2, Route.DETAILS, "o-1", 25, 60, Ending.ABORTED_BY_CLIENT, 0)),
            TracedCall.of(client(Step.DETAILS, "/orders/o-2/details", "http-1", "http-1", 20, 100, "200"),
                    shop(3, Route.DETAILS, "o-2", 30, 90, Ending.ANSWERED, 200)));

    @Test
    void drawsARowPerCallWithThreadsTimesAndABarOnTheScale() {
        String chart = new GanttChart(100).draw(List.of(timeline("futures", 100, CALLS)));
        List<String> lines = chart.lines().toList();

        assertThat(lines.get(0)).isEqualTo("futures: a style for tests");
        assertThat(lines.get(1)).isEqualTo("  test-request-1 took 100.0 ms: nothing to pay");
        assertThat(lines.get(2)).startsWith("  step    target              threads start   end outcome |0 ms").endsWith("100 ms|");
        List<String> rows = lines.subList(3, 6);
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(100));
        assertThat(rows.get(0)).startsWith("  USER    /users/u-1          t1>t2     0.0  20.0 200     |");
        assertThat(rows.get(1)).startsWith("  DETAILS /orders/o-1/details t2>t3    20.0  60.0 TIMEOUT |");
        assertThat(rows.get(2)).startsWith("  DETAILS /orders/o-2/details t2>t2    20.0 100.0 200     |");
        assertThat(lines.get(6)).isEqualTo("  threads: t1 main, t2 http-1, t3 http-2");
        assertThat(chart).contains("  # the shop working on the call", "  - the client's side around it",
                "  x aborted by the client").doesNotContain("! connection reset", "= the call as the client saw it");
    }

    @Test
    void theBarsFollowTheClientTheShopAndTheEnding() {
        Timeline timeline = timeline("futures", 100, CALLS);

        // 40 cells for 100 ms: 2.5 ms a cell.
        assertThat(new String(GanttChart.bar(timeline, CALLS.get(0), 40, 100 * Calls.MS)))
                .isEqualTo("--####--                                ");
        assertThat(new String(GanttChart.bar(timeline, CALLS.get(1), 40, 100 * Calls.MS)))
                .isEqualTo("        --#############x                ");
        assertThat(new String(GanttChart.bar(timeline, CALLS.get(2), 40, 100 * Calls.MS)))
                .isEqualTo("        ----########################----");
    }

    @Test
    void aRemoteShopsCallsAreDrawnAsTheClientSawThem() {
        List<TracedCall> clientOnly = List.of(TracedCall.of(client(Step.USER, "/users/u-1", "main", "http-1", 0, 50, "200"), null));
        String chart = new GanttChart(100).draw(List.of(timeline("futures", 100, clientOnly)));

        assertThat(chart).contains("|====================", "= the call as the client saw it").doesNotContain("# the shop");
    }

    @Test
    void timelinesDrawnTogetherShareColumnsAndScale() {
        Timeline fast = timeline("fast", 40, List.of(CALLS.get(0)));
        Timeline slow = timeline("slow", 100, CALLS);
        List<String> lines = new GanttChart(100).draw(List.of(fast, slow)).lines().toList();

        List<String> headers = lines.stream().filter(line -> line.startsWith("  step ")).toList();
        assertThat(headers).hasSize(2).allSatisfy(header -> assertThat(header).isEqualTo(headers.get(0)).endsWith("100 ms|"));
        List<String> userRows = lines.stream().filter(line -> line.startsWith("  USER ")).toList();
        assertThat(userRows).hasSize(2).allSatisfy(row -> assertThat(row).isEqualTo(userRows.get(0)));
    }

    @Property(tries = 300)
    void everyRowFitsTheWidthAndEveryBarStaysInsideItsCall(
            @ForAll("calls") List<TracedCall> calls, @ForAll @IntRange(min = 60, max = 240) int width) {
        long durationMs = calls.stream().mapToLong(call -> call.endNanos(0) / Calls.MS).max().orElse(1);
        Timeline timeline = timeline("any", Math.max(1, durationMs), calls);
        List<String> rows = new GanttChart(width).draw(List.of(timeline)).lines()
                .filter(line -> line.matches("  (USER|ORDERS|DETAILS|PAYMENT) .*")).toList();

        assertThat(rows).hasSize(calls.size());
        int barWidth = rows.get(0).length() - rows.get(0).indexOf('|') - 2;
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(rows.get(0).length()).endsWith("|"));
        assertThat(rows.get(0).length()).isEqualTo(Math.max(width, rows.get(0).indexOf('|') + 2 + 20));
        long scale = timeline.lastNanos() - timeline.startNanos();
        for (TracedCall call : timeline.calls()) {
            String bar = new String(GanttChart.bar(timeline, call, barWidth, scale));
            assertThat(bar.indexOf(bar.strip())).isEqualTo(GanttChart.cell(call.startNanos(), barWidth, scale));
            assertThat(bar.indexOf(bar.strip()) + bar.strip().length() - 1)
                    .isEqualTo(Math.max(GanttChart.cell(call.startNanos(), barWidth, scale),
                            GanttChart.endCell(call.endNanos(0), barWidth, scale)));
        }
    }

    @Provide
    Arbitrary<List<TracedCall>> calls() {
        Arbitrary<TracedCall> call = Combinators.combine(
                Arbitraries.of(Step.values()), Arbitraries.longs().between(0, 5_000), Arbitraries.longs().between(0, 3_000),
                Arbitraries.of("200", "503", "TIMEOUT"), Arbitraries.integers().between(0, 2))
                .as((step, from, length, outcome, shopSide) -> {
                    var client = client(step, "/users/u-1", "main", "worker-" + shopSide, from, from + length, outcome);
                    // The shop's side lies within the client's, as it does on a real call.
                    var seen = shopSide == 0 ? null : shop(1, Route.of(step), "u-1", from + length / 4, from + length * 3 / 4,
                            shopSide == 1 ? Ending.ANSWERED : Ending.ABORTED_BY_CLIENT, 200);
                    return TracedCall.of(client, seen);
                });
        return call.list().ofMinSize(1).ofMaxSize(12).map(ArrayList::new);
    }
}
