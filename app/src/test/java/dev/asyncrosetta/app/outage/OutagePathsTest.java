package dev.asyncrosetta.app.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.Rosetta;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * --paths, and the Kafka options that only the broker path uses: refused before anything runs. A
 * command that ran instead would take minutes; the timeout fails it long before.
 */
@Timeout(30)
class OutagePathsTest {

    private static String refusal(String... args) {
        StringWriter err = new StringWriter();
        int exitCode = Rosetta.commandLine().setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                .execute(args);
        assertThat(exitCode).as("exit code; stderr:%n%s", err).isEqualTo(2);
        return err.toString();
    }

    @Test
    void anUnknownPathIsRefusedWithTheOnesThereAre() {
        assertThat(refusal("outage", "--paths", "http,carrier-pigeon"))
                .contains("'carrier-pigeon' is not a payment path (use http, http-protected, broker)");
    }

    @Test
    void aKafkaClusterWithoutTheBrokerPathIsRefusedRatherThanIgnored() {
        assertThat(refusal("outage", "--kafka", "127.0.0.1:9"))
                .contains("--kafka and --kafka-config name the broker path's cluster: add broker to --paths");
    }
}
