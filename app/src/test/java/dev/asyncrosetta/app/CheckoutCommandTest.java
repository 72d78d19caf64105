package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Receipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The checkout command against the embedded shop, whose seeded data says what the Receipt must be. */
@Timeout(60)
class CheckoutCommandTest {
    private static final ShopData DATA = ShopData.generate(ShopData.DEFAULT_SEED);
    private static final String USER = DATA.userWithOpenOrders(3, 6).id();
    private static final Pattern ROW = Pattern.compile("^  (USER|ORDERS|DETAILS|PAYMENT) +(/\\S+) +(t\\d+>t\\d+) .*\\|([-#x! ]+)\\|$");

    @Test
    void printsTheReceiptAndExitsZero() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Receipt checkout-", DATA.user(USER).name(), "(" + USER + ")",
                "total", Money.format(DATA.totalFor(USER)), "CAPTURED");
        DATA.openOrders(USER).forEach(order -> assertThat(run.out()).contains(order.id()));
        assertThat(run.out()).doesNotContain("|0 ms"); // no timeline unless asked
    }

    @Test
    void aUserWithNothingToPaySaysSo() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", DATA.userWithoutOpenOrders().id(), "--latency", "0");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("nothing to pay").doesNotContain("  payment  ");
    }

    @Test
    void jsonPrintsTheReceiptRecordAndNothingElse() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--json");

        assertThat(run.exitCode()).isZero();
        Receipt receipt = Json.read(run.out().strip().getBytes(StandardCharsets.UTF_8), Receipt.class);
        assertThat(receipt.requestId()).startsWith("checkout-");
        assertThat(receipt.user()).isEqualTo(DATA.user(USER));
        assertThat(receipt.orders()).isEqualTo(DATA.openOrders(USER));
        assertThat(receipt.details()).extracting(OrderDetails::orderId)
                .containsExactlyElementsOf(DATA.openOrders(USER).stream().map(o -> o.id()).toList());
        assertThat(receipt.totalCents()).isEqualTo(DATA.totalFor(USER));
        assertThat(receipt.payment()).hasValueSatisfying(payment -> assertThat(payment.amountCents()).isEqualTo(DATA.totalFor(USER)));
    }

    @Test
    void traceDrawsEveryCallWithItsThreadsAndTheShopsSide() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--trace");

        assertThat(run.exitCode()).isZero();
        List<String> rows = run.outLines().stream().filter(line -> ROW.matcher(line).matches()).toList();
        int orders = DATA.openOrders(USER).size();
        assertThat(rows).hasSize(3 + orders);
        assertThat(rows.get(0)).startsWith("  USER    /users/" + USER + " ");
        assertThat(rows.get(1)).startsWith("  ORDERS  /users/" + USER + "/orders ");
        assertThat(rows.subList(2, 2 + orders)).allSatisfy(row -> assertThat(row).startsWith("  DETAILS /orders/"));
        assertThat(rows.get(rows.size() - 1)).startsWith("  PAYMENT /payments ").contains(" 201 ");
        assertThat(rows).allSatisfy(row -> assertThat(row).contains("#"));
        assertThat(run.out()).contains("threads: t1 ", "# the shop working on the call", "took");
    }

    @Test
    void jsonWithTraceKeepsStdoutParseable() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--json", "--trace");

        assertThat(run.exitCode()).isZero();
        assertThat(Json.read(run.out().strip().getBytes(StandardCharsets.UTF_8), Receipt.class).user().id()).isEqualTo(USER);
        assertThat(run.err()).contains("USER    /users/" + USER, "threads: t1 ");
    }

    @Test
    void aFailedCheckoutPrintsItsTypedFailureAndExitsOne() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--fail", "user=404");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("UserNotFoundException: ").contains(USER);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void retriesRunningOutNameTheStepTheKindAndTheAttempts() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--fail", "details=503", "--trace");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("DownstreamException: DETAILS call failed (HTTP_ERROR) after 3 attempts");
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("  DETAILS ") && line.contains(" 503 ")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(run.outLines()).noneMatch(line -> line.startsWith("  PAYMENT "));
    }

    @Test
    void aHangingCallIsDrawnAsAbortedByTheClient() {
        // One attempt: the 2 s callTimeout of the default policy is reached once, not three times.
        String order = DATA.openOrders(USER).get(0).id();
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0",
                "--fail", "details/" + order + "@1=hang", "--trace");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("  DETAILS /orders/" + order + "/details "))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains(" TIMEOUT ").matches(".*#+x *\\|"));
        assertThat(run.out()).contains("x aborted by the client");
    }

    @Test
    void svgWritesTheTimelineAsAPicture(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkout.svg");
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--svg", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("timeline written to " + file);
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagName("g").getLength()).isEqualTo(3 + DATA.openOrders(USER).size());
        assertThat(Files.readString(file)).contains("futures", "/users/" + USER, "/payments");
    }
}
