package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedTableTest {

    /** Throughput is succeeded / seconds: 5 s here. */
    private static Result run(String style, long succeeded, double cpuMicros) {
        return SampleResults.run(style, succeeded, 0, 5, 20, 40, cpuMicros, 20);
    }

    private static Section w2(Result... results) {
        return new Section(Workload.W2, "W2", new LoadMode.ClosedLoop(64), List.of(results), Map.of(), false);
    }

    @Test
    void eachBrokerPathIsSetBesideItsOwnStyleOverHttp() {
        Section section = w2(run("futures", 2_000, 600), run("vertx", 5_000, 300), run(ClientFloor.VERTX.name(), 6_000, 250),
                run("vertx via broker", 4_000, 360), run("futures via broker", 2_500, 480));

        List<String[]> rows = PairedTable.BROKER.grid(section).rows();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("vertx", "1,000", "800", "300", "360", "1.20x");
        assertThat(rows.get(2)).containsExactly("futures", "400", "500", "600", "480", "0.80x");
    }

    @Test
    void aBrokerPathWhoseStyleWasNotMeasuredOverHttpShowsDashes() {
        List<String[]> rows = PairedTable.BROKER.grid(w2(run("reactor via broker", 1_000, 500))).rows();

        assertThat(rows.get(1)).containsExactly("reactor", "-", "200", "-", "500", "-");
    }

    @Test
    void onlyASectionWithABrokerPathHasTheTableAndNeitherFloorNorTargetsCountIt() {
        Section without = w2(run("futures", 2_000, 600));
        Section with = w2(run("futures", 2_000, 600), run("futures via broker", 2_500, 480));

        assertThat(PairedTable.BROKER.applies(without)).isFalse();
        assertThat(PairedTable.BROKER.applies(with)).isTrue();
        assertThat(FloorTable.grid(with).rows()).hasSize(2);
        assertThat(String.join("\n", Targets.judge(List.of(with)))).doesNotContain("via broker");
    }

    @Test
    void aVariantIsSetBesideItsStyleAndNamed() {
        Section section = w2(run("reactor", 2_000, 400), run("reactor (sliding window)", 2_100, 420),
                run("reactor via broker", 2_500, 380));

        List<String[]> rows = PairedTable.VARIANT.grid(section).rows();

        assertThat(rows.get(0)).startsWith("style", "variant", "as written checkouts/s");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)).containsExactly("reactor", "sliding window", "400", "420", "400", "420", "1.05x");
        assertThat(FloorTable.grid(section).rows()).hasSize(2);
        assertThat(String.join("\n", Targets.judge(List.of(section)))).doesNotContain("sliding window");
    }

    @Test
    void aBrokerPathIsNamedAfterItsStyle() {
        assertThat(BrokerPath.styleOf("virtual-threads via broker")).contains("virtual-threads");
        assertThat(BrokerPath.styleOf("virtual-threads")).isEmpty();
        assertThat(PairedTable.BROKER.includes(ClientFloor.JETTY.name())).isFalse();
        assertThat(PairedTable.VARIANT.includes(ClientFloor.JDK_ASYNC_HOP.name())).isFalse();
        assertThat(PairedTable.VARIANT.includes("futures via broker")).isFalse();
    }
}
