package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        Spread spread = Spread.of(List.of(900.0, 300.0, 310.0));

        assertThat(spread).isEqualTo(new Spread(310, 300, 900, 3));
        assertThat(spread.relative()).isCloseTo(600 / 310.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void repetitionsWithoutTheFigureAreLeftOut() {
        assertThat(Spread.of(List.of(Double.NaN, 5.0, 7.0, Double.NaN, 6.0))).isEqualTo(new Spread(6, 5, 7, 3));
        assertThat(Spread.of(List.of(Double.NaN)).count()).isZero();
        assertThat(Spread.of(List.<Double>of()).median()).isNaN();
    }

    @Test
    void theMedianRepetitionIsTheOneWhoseFigureIsTheMedian() {
        record Run(String name, double cpu) {}
        List<Run> runs = List.of(new Run("a", 500), new Run("b", Double.NaN), new Run("c", 300), new Run("d", 400));

        assertThat(Spread.medianOf(runs, Run::cpu).name()).isEqualTo("d");
        assertThat(Spread.medianOf(runs.subList(0, 1), Run::cpu).name()).isEqualTo("a");
    }
}
