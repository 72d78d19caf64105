package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The search against made-up styles whose capacity is known exactly. */
class CapacitySearchTest {

    /** A style that sustains every rate up to its capacity and none above it. */
    private static CapacitySearch.Step<String> upTo(double capacity, double rate) {
        return new CapacitySearch.Step<>(rate, "run at " + rate, rate <= capacity);
    }

    private static List<Double> rates(CapacitySearch.Found<String> found) {
        return found.steps().stream().map(CapacitySearch.Step::rate).toList();
    }

    @Test
    void doublesUntilARateFailsThenBisectsTheGap() {
        CapacitySearch.Found<String> found = new CapacitySearch(100, 10_000, 3).search(rate -> upTo(730, rate));

        assertThat(rates(found)).containsExactly(100.0, 200.0, 400.0, 800.0, 600.0, 700.0, 750.0);
        assertThat(found.capacity()).isEqualTo(700);
        assertThat(found.atCeiling()).isFalse();
        assertThat(found.atCapacity().outcome()).isEqualTo("run at 700.0");
    }

    @Test
    void moreBisectionsComeCloserToTheTrueCapacity() {
        double coarse = new CapacitySearch(100, 10_000, 2).search(rate -> upTo(730, rate)).capacity();
        double fine = new CapacitySearch(100, 10_000, 6).search(rate -> upTo(730, rate)).capacity();

        assertThat(coarse).isEqualTo(700);
        assertThat(fine).isGreaterThan(coarse).isLessThanOrEqualTo(730).isGreaterThanOrEqualTo(725);
    }

    @Test
    void aStyleThatFailsTheFirstRateIsSearchedBelowIt() {
        CapacitySearch.Found<String> found = new CapacitySearch(100, 10_000, 3).search(rate -> upTo(30, rate));

        assertThat(rates(found)).containsExactly(100.0, 50.0, 25.0, 38.0);
        assertThat(found.capacity()).isEqualTo(25);
    }

    @Test
    void aStyleThatSustainsNothingHasNoCapacityAndNoStepAtIt() {
        CapacitySearch.Found<String> found = new CapacitySearch(100, 10_000, 2).search(rate -> upTo(0, rate));

        assertThat(found.capacity()).isZero();
        assertThat(found.atCapacity()).isNull();
    }

    @Test
    void stopsAtTheCeilingAndSaysSo() {
        CapacitySearch.Found<String> found = new CapacitySearch(100, 500, 3).search(rate -> upTo(1e9, rate));

        assertThat(rates(found)).containsExactly(100.0, 200.0, 400.0, 500.0);
        assertThat(found.capacity()).isEqualTo(500);
        assertThat(found.atCeiling()).isTrue();
    }

    @Test
    void stopsBisectingWhenTheGapIsBelowOneCheckoutASecond() {
        CapacitySearch.Found<String> found = new CapacitySearch(1, 100, 20).search(rate -> upTo(1, rate));

        assertThat(rates(found)).containsExactly(1.0, 2.0);
        assertThat(found.capacity()).isEqualTo(1);
    }

    @Test
    void rejectsACeilingBelowTheFirstRate() {
        assertThatThrownBy(() -> new CapacitySearch(100, 50, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
