package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CheckoutStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class StylesCommandTest {

    @Test
    void listsEveryStyleOnTheClassPathWithItsSummary() {
        List<CheckoutStyle> styles = CheckoutStyle.all();
        CliRun run = rosetta("styles");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(styles).extracting(CheckoutStyle::name).contains("futures");
        assertThat(run.outLines()).hasSize(styles.size());
        for (int i = 0; i < styles.size(); i++) {
            assertThat(run.outLines().get(i)).startsWith(styles.get(i).name() + " ").endsWith(styles.get(i).summary());
        }
    }
}
