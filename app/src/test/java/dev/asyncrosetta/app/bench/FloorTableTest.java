package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloorTableTest {

    private static Result cpu(String style, double micros) {
        return SampleResults.run(style, 1_000, 0, 5, 20, 40, micros, 20);
    }

    private static Section w2(Result... results) {
        return new Section(Workload.W2, "W2", new LoadMode.ClosedLoop(64), List.of(results), Map.of(), false);
    }

    @Test
    void eachStyleIsSetAgainstTheFloorOfItsOwnClient() {
        Section section = w2(cpu("vertx", 300), cpu("futures", 600), cpu(ClientFloor.VERTX.name(), 250),
                cpu(ClientFloor.JDK_ASYNC.name(), 450));

        List<String[]> rows = FloorTable.grid(section).rows();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("vertx", "Vert.x core", "250", "300", "50", "1.20x");
        assertThat(rows.get(2)).containsExactly("futures", "java.net.http sendAsync", "450", "600", "150", "1.33x");
    }

    @Test
    void aStyleWhoseFloorWasNotMeasuredShowsDashes() {
        List<String[]> rows = FloorTable.grid(w2(cpu("callbacks", 340))).rows();

        assertThat(rows.get(1)).containsExactly("callbacks", "Jetty", "-", "340", "-", "-");
    }

    @Test
    void theHopIsTheSendAsyncFloorWithItMinusTheOneWithout() {
        Section section = w2(cpu("futures", 600), cpu(ClientFloor.JDK_ASYNC.name(), 450),
                cpu(ClientFloor.JDK_ASYNC_HOP.name(), 510));

        assertThat(FloorTable.hop(section)).get().asString()
                .contains(": 60 µs of client CPU per checkout (the sendAsync floor with it 510, without it 450)");
        assertThat(FloorTable.grid(section).rows()).hasSize(2);
        assertThat(FloorTable.hop(w2(cpu("futures", 600), cpu(ClientFloor.JDK_ASYNC.name(), 450)))).isEmpty();
    }

    @Test
    void theShopsCeilingComesFromItsLeastCpuPerCheckoutOverEveryCore() {
        // SampleResults gives every run 200 µs of shop CPU per checkout: 2 cores make 10,000 checkouts/s.
        assertThat(FloorTable.shopCeiling(w2(cpu("vertx", 300)), 2)).get().asString()
                .contains("200 µs", "at most 10,000 checkouts/s with all 2 cores");
        assertThat(FloorTable.shopCeiling(w2(), 2)).isEmpty();
    }
}
