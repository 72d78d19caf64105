package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

    @Test
    void aP99AboveTheLimitIsNotSustained() {
        assertThat(target.sustained(SampleResults.run("s", 2_000, 0, 4, 105, 151, 900, 20), 500)).isFalse();
    }

    @Test
    void aSingleFailureIsNotSustained() {
        assertThat(target.sustained(SampleResults.run("s", 2_000, 1, 4, 105, 120, 900, 20), 500)).isFalse();
    }

    /** Its slowest checkouts never ended, so the percentiles of those that did look fine. */
    @Test
    void aRunThatFellBehindTheOfferedRateIsNotSustainedHoweverFastItsPercentiles() {
        assertThat(target.sustained(SampleResults.run("s", 1_800, 0, 4, 105, 120, 900, 20), 500)).isFalse();
    }

    @Test
    void aRunWithNoLatencyAtAllIsNotSustained() {
        assertThat(target.sustained(SampleResults.run("s", 2_000, 0, 4, Double.NaN, Double.NaN, 900, 20), 500)).isFalse();
    }
}
