package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyTargetTest {
    private final LatencyTarget target = LatencyTarget.of(Workload.W1);

    @Test
    void isOneAndAHalfTimesTheFloorOfTwentyMillisecondCalls() {
        assertThat(target.p99LimitMillis()).isEqualTo(150);
    }

    @Test
    void aRunWithinTheLimitThatKeptUpIsSustained() {
        assertThat(target.sustained(SampleResults.run("s", 1_990, 0, 4, 105, 150, 900, 20), 500)).isTrue();
    }

    /** A run of 4 s offered 500 checkouts a second, in one way short of the target. */
    static Stream<Arguments> runsShortOfTheTarget() {
        return Stream.of(
                Arguments.of("p99 above the limit", SampleResults.run("s", 2_000, 0, 4, 105, 151, 900, 20)),
                Arguments.of("a single failure", SampleResults.run("s", 2_000, 1, 4, 105, 120, 900, 20)),
                // Its slowest checkouts never ended, so the percentiles of those that did look fine.
                Arguments.of("fell behind the offered rate", SampleResults.run("s", 1_800, 0, 4, 105, 120, 900, 20)),
                Arguments.of("no latency at all", SampleResults.run("s", 2_000, 0, 4, Double.NaN, Double.NaN, 900, 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runsShortOfTheTarget")
    void aRunShortOfTheTargetInAnyWayIsNotSustained(String why, Result run) {
        assertThat(target.sustained(run, 500)).as(why).isFalse();
    }
}
