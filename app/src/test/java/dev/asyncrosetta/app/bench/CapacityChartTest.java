package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityChartTest {

    private static CapacitySearch.Step<Result> probe(double rate, double p50, double p99) {
        return new CapacitySearch.Step<>(rate, SampleResults.run("s", 1_000, 0, 3, p50, p99, 500, 20), p99 <= 150);
    }

    /** XChart draws an SVG's text as paths, so only its lines can be counted: one polyline per series and the limit. */
    @Test
    void drawsEveryStylesProbesAndTheLimitAsOneSvg(@TempDir Path dir) throws Exception {
        var fast = new CapacitySweep.StyleCapacity("fast", List.of(new CapacitySearch.Found<>(800, false,
                List.of(probe(200, 101, 110), probe(400, 102, 115), probe(800, 104, 140), probe(1_600, 900, 4_000)))));
        var slow = new CapacitySweep.StyleCapacity("slow", List.of(new CapacitySearch.Found<>(200, false,
                List.of(probe(200, 103, 130), probe(400, 400, 2_000), probe(300, 160, 700)))));

        Path svg = CapacityChart.write(dir, LatencyTarget.of(CapacitySweep.WORKLOAD), List.of(fast, slow));

        assertThat(svg).isEqualTo(dir.resolve("capacity.svg"));
        String text = Files.readString(svg);
        assertThat(text).startsWith("<?xml").contains("<svg");
        assertThat(text.split("<path", -1).length - 1).isGreaterThan(5);
    }
}
