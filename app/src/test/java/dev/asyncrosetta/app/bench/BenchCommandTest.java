package dev.asyncrosetta.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncrosetta.app.Rosetta;
import dev.asyncrosetta.app.bench.floor.ClientFloor;
import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.CheckoutStyle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** What one in-process run of the command printed. */
    private record Run(int exitCode, String out, String err) {}

    private static Run rosetta(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Rosetta.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * The quick mode end to end: a shop in its own JVM, the capacity sweep and every style under the
     * default workloads, and every file written. The figures of a quick run on a busy machine mean little, but some must hold
     * whatever the load: every style completed checkouts and none failed, no latency beats the
     * workload's floor (so the shop's latency was in force and the clock is read right), and the
     * client spent CPU and memory on them.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void quickRunMeasuresEveryStyleUnderEveryWorkload(@TempDir Path dir) throws Exception {
        List<String> styles = CheckoutStyle.all().stream().map(CheckoutStyle::name).toList();
        List<String> brokerPaths = CheckoutStyle.all().stream().filter(BrokerPaymentStyle.class::isInstance)
                .map(style -> style.name() + " via broker").toList();
        List<String> variants = CheckoutStyle.all().stream().flatMap(style -> style.benchVariants().stream())
                .map(CheckoutStyle::name).toList();

        Run run = rosetta("bench", "--quick", "--out", dir.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Capacity within the target", "W2 CPU-bound", "W2: the client floor", "The hop futures makes", "The shop alone: ",
                        "W2: paying through the broker", "Broker: embedded Kafka at ",
                        "W2: a style's own choice against a like-for-like variant of it",
                        "W3 scale", "W3: what holding 150 checkouts in flight costs", "Targets of issue 10", "Written: ")
                .doesNotContain("W1 latency-bound");
        assertThat(run.err()).contains("bench").doesNotContain("Exception");
        for (String style : styles) assertThat(run.out()).contains(style);

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        List<String> floors = ClientFloor.forStyles(styles).stream().map(ClientFloor::name).toList();
        assertThat(floors).as("every client a style is built on has its floor, and futures its hop")
                .containsExactlyInAnyOrderElementsOf(ClientFloor.ALL.stream().map(ClientFloor::name).toList());
        assertThat(brokerPaths).as("every style can pay through the broker").hasSameSizeAs(styles);
        assertThat(variants).as("reactor's and rxjava's sliding windows").hasSize(2);
        assertThat(csv).hasSize(1 + 2 * styles.size() + floors.size() + variants.size() + brokerPaths.size());
        for (String variant : variants) assertThat(csv).anyMatch(line -> line.startsWith("W2," + variant + ","));
        for (String floor : floors) assertThat(csv).anyMatch(line -> line.startsWith("W2," + floor + ","));
        for (String path : brokerPaths) assertThat(csv).anyMatch(line -> line.startsWith("W2," + path + ","));
        List<String> probes = Files.readAllLines(dir.resolve("capacity.csv"));
        assertThat(probes.get(0)).startsWith("style,search,offered_per_s,sustained,");
        for (String style : styles) assertThat(probes).anyMatch(line -> line.startsWith(style + ",1,50,"));
        assertThat(csv.get(0)).startsWith("workload,style,mode,");

        JsonNode report = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(report.get("quick").asBoolean()).isTrue();
        assertThat(report.get("machineBefore").get("cores").asInt()).isPositive();
        JsonNode results = report.get("results");
        assertThat(results).hasSize(2 * styles.size() + floors.size() + variants.size() + brokerPaths.size());
        assertThat(report.get("capacity")).hasSize(styles.size());
        for (JsonNode result : results) {
            String which = result.get("workload").asText() + " " + result.get("style").asText();
            assertThat(result.get("problem").isNull()).as(which + ": " + result.get("problem")).isTrue();
            assertThat(result.get("failed").asLong()).as(which + " failed: " + result.get("failures")).isZero();
            assertThat(result.get("succeeded").asLong()).as(which).isPositive();
            assertThat(result.get("p50Millis").asDouble()).as(which).isGreaterThanOrEqualTo(result.get("floorMillis").asDouble());
            assertThat(result.get("maxMillis").asDouble()).as(which).isGreaterThanOrEqualTo(result.get("p99Millis").asDouble());
            assertThat(result.get("clientCpuMicros").asDouble()).as(which).isPositive();
            assertThat(result.get("shopCpuMicros").asDouble()).as(which).isPositive();
            assertThat(result.get("allocatedBytes").asDouble()).as(which).isPositive();
            assertThat(result.get("peakThreads").asInt()).as(which).isGreaterThan(0);
        }
        assertThat(results.findValuesAsText("style")).containsAll(styles);

        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("| style | checkouts/s within target |", "| style | checkouts/s |", "W2 CPU-bound",
                        "| style | HTTP checkouts/s | broker checkouts/s |");
        // XChart draws the SVG's text as paths: the file can only be checked for being an SVG with lines in it.
        assertThat(Files.readString(dir.resolve("capacity.svg"))).contains("<svg", "<line", "<path");
        for (String chart : List.of("throughput.png", "cpu.png", "latency-W2.png", "latency-W3.png")) {
            byte[] png = Files.readAllBytes(dir.resolve(chart));
            assertThat(Arrays.copyOf(png, PNG_SIGNATURE.length)).as(chart).isEqualTo(PNG_SIGNATURE);
        }
    }

    @Test
    void anUnknownStyleIsBadInput(@TempDir Path dir) {
        Run run = rosetta("bench", "--styles", "futures,nonesuch", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("rosetta bench: unknown style 'nonesuch' (use one of: ").contains("futures");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownWorkloadIsBadInput(@TempDir Path dir) {
        Run run = rosetta("bench", "--workloads", "W1,W9", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("rosetta bench: ").contains("W9", "W1, W2, W3");
    }

    @Test
    void theBrokerPathWithoutW2IsBadInput(@TempDir Path dir) {
        Run run = rosetta("bench", "--broker", "--workloads", "W3", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: --broker measures at W2: add W2 to --workloads");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aKafkaClusterWithoutTheBrokerPathIsBadInputRatherThanUnused(@TempDir Path dir) {
        Run run = rosetta("bench", "--no-broker", "--kafka", "127.0.0.1:9092", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: --kafka and --kafka-config name the broker path's cluster, which this run does not measure");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aReadmeWithoutTheHeadlineMarkersIsBadInput(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# no markers\n");

        Run run = rosetta("bench", "--quick", "--update-readme", readme.toString(), "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: cannot update '" + readme + "': it needs the lines '"
                + Headline.BEGIN + "'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theHeadlineNeedsTheSweepW2AndW3(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), Headline.BEGIN + "\n" + Headline.END + "\n");

        Run run = rosetta("bench", "--workloads", "W2", "--update-readme", readme.toString(), "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: --update-readme needs the capacity sweep, W2 and W3 in the run");
    }

    @Test
    void aNegativeNumberOfIoThreadsIsBadInputAndSetsNothing(@TempDir Path dir) {
        Run run = rosetta("bench", "--quick", "--io-threads", "-1", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: Invalid value for option '--io-threads': -1");
        assertThat(System.getProperty(dev.asyncrosetta.model.StyleThreads.IO_THREADS_PROPERTY)).isNull();
    }

    @Test
    void anOutputPathThatIsAFileIsBadInput(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "");

        Run run = rosetta("bench", "--quick", "--out", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("rosetta bench: cannot write to '" + file + "': it is a file");
    }
}
