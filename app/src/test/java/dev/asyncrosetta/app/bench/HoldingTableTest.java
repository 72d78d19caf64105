package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldingTableTest {

    @Test
    void heapAndThreadsAreDividedAmongTheCheckoutsInFlight() {
        // SampleResults: 5 MB of heap above idle, 15 threads before the style opened.
        Section w3 = new Section(Workload.W3, "W3", new LoadMode.ClosedLoop(10_000),
                List.of(SampleResults.run("vertx", 500, 0, 3, 600, 900, 800, 19)), Map.of(), false);

        assertThat(w3.inFlight()).isEqualTo(10_000);
        assertThat(HoldingTable.grid(w3, w3.inFlight()).rows().get(1))
                .containsExactly("vertx", "10,000", "0.5", "4", "0", "8.0");
        assertThat(Tables.markdown(List.of(w3))).contains("**W3: what holding 10,000 checkouts in flight costs**");
    }

    @Test
    void anOpenLoopSectionHasNoFixedNumberInFlightAndNoHoldingTable() {
        Section open = new Section(Workload.W3, "W3", new LoadMode.OpenLoop(100, 1_000),
                List.of(SampleResults.run("vertx", 500, 0, 3, 600, 900, 800, 19)), Map.of(), false);

        assertThat(open.inFlight()).isZero();
        assertThat(Tables.markdown(List.of(open))).doesNotContain("what holding");
    }
}
