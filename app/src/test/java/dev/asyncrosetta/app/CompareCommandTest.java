package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** compare runs every style found on the class path, whichever they are. */
@Timeout(300)
class CompareCommandTest {
    private static final ShopData DATA = ShopData.generate(ShopData.DEFAULT_SEED);
    private static final List<CheckoutStyle> STYLES = CheckoutStyle.all();

    @Test
    void showsEveryStylesTimelineAndATable() {
        CliRun run = rosetta("compare");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String user = DATA.userWithOpenOrders(3, 6).id();
        int orders = DATA.openOrders(user).size();
        assertThat(run.out()).startsWith("Checking out " + user + " (").contains("after 20ms");
        for (CheckoutStyle style : STYLES) {
            assertThat(run.out()).contains(style.name() + ": " + style.summary(), "compare-" + style.name() + "-1 took ");
            assertThat(tableRow(run, style)).contains("paid " + Money.format(DATA.totalFor(user)) + " for " + orders + " orders")
                    .containsPattern(" ms +\\d+ +" + (3 + orders) + "  paid");
        }
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("  USER    /users/" + user + " ")).hasSize(STYLES.size());
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("  PAYMENT /payments ")).hasSize(STYLES.size());
        assertThat(run.out()).doesNotContain("did not all end the same way");
    }

    @Test
    void theTimelinesShareOneScale() {
        CliRun run = rosetta("compare", "--latency", "0", "--warmup", "0");

        assertThat(run.exitCode()).isZero();
        List<String> axes = run.outLines().stream().filter(line -> line.startsWith("  step ")).toList();
        assertThat(axes).hasSize(STYLES.size());
        assertThat(axes.stream().distinct()).hasSize(1);
    }

    @Test
    void faultsApplyToEveryStylesCheckoutAndTheTableShowsTheFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("compare.svg");
        CliRun run = rosetta("compare", "--latency", "0", "--fail", "details=503", "--svg", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Faults, for each style's checkout: details=503", "timelines written to " + file);
        for (CheckoutStyle style : STYLES) {
            assertThat(tableRow(run, style)).endsWith("DownstreamException: DETAILS call failed (HTTP_ERROR) after 3 attempts");
        }
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        String text = Files.readString(file);
        STYLES.forEach(style -> assertThat(text).contains(">" + style.name() + "<"));
    }

    @Test
    void aUserWithNoOpenOrdersMakesTwoCallsInEveryStyle() {
        String user = DATA.userWithoutOpenOrders().id();
        CliRun run = rosetta("compare", "--user", user, "--latency", "0");

        assertThat(run.exitCode()).isZero();
        for (CheckoutStyle style : STYLES) {
            assertThat(tableRow(run, style)).containsPattern(" ms +\\d+ +2  nothing to pay$");
        }
    }

    @Test
    void aDecliningUsersPaymentFailsInEveryStyle() {
        CliRun run = rosetta("compare", "--user", DATA.decliningUser().id(), "--latency", "0");

        assertThat(run.exitCode()).isZero();
        STYLES.forEach(style -> assertThat(tableRow(run, style)).contains("PaymentDeclinedException"));
    }

    private static String tableRow(CliRun run, CheckoutStyle style) {
        List<String> lines = run.outLines();
        int header = lines.indexOf(lines.stream().filter(line -> line.matches("style +duration +threads +calls +outcome"))
                .findFirst().orElseThrow());
        return lines.subList(header + 1, header + 1 + STYLES.size()).stream()
                .filter(line -> line.startsWith(style.name() + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no table row for " + style.name() + " in\n" + run.out()));
    }
}
