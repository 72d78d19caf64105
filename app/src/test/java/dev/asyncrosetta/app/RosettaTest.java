package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RosettaTest {

    @Test
    void helpListsTheCommandsAndExitsZero() {
        CliRun run = rosetta("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: rosetta", "styles", "serve", "checkout", "compare");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : new String[] {"styles", "serve", "checkout", "compare"}) {
            CliRun run = rosetta(command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: rosetta " + command);
        }
        assertThat(rosetta("checkout", "--help").out()).contains("--style", "--user", "--latency", "--fail", "--shop",
                "--trace", "--json", "--svg");
        assertThat(rosetta("compare", "--help").out()).contains("--user", "--latency", "--fail", "--svg");
        assertThat(rosetta("serve", "--help").out()).contains("--port", "--latency", "--seed");
    }

    @Test
    void versionNamesTheCommandAndTheJava() {
        CliRun run = rosetta("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("rosetta ").contains("Java " + Runtime.version());
    }
}
