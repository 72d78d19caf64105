package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @Test
    void readsBinaryUnits() {
        assertThat(Sizes.parse("300B")).isEqualTo(300);
        assertThat(Sizes.parse("16000KiB")).isEqualTo(16_384_000);
        assertThat(Sizes.parse("17MiB")).isEqualTo(17_825_792);
    }

    @Test
    void writesTheLargestExactUnit() {
        assertThat(Sizes.format(0)).isEqualTo("0B");
        assertThat(Sizes.format(300)).isEqualTo("300B");
        assertThat(Sizes.format(16_384_000)).isEqualTo("16000KiB");
        assertThat(Sizes.format(17_825_792)).isEqualTo("17MiB");
        assertThat(Sizes.format(1025)).isEqualTo("1025B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "17", "17mib", "17 MiB", "-1B", "1GiB", "KiB"})
    void rejectsWhatItCannotRead(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a size");
    }
}
