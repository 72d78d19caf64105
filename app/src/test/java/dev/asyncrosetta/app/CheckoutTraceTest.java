package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.CliRun.rosetta;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.asyncrosetta.backend.ShopData;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checkout's trace as the commands show it, and as they send it to a collector (--otlp). */
@Timeout(120)
class CheckoutTraceTest {
    private static final ShopData DATA = ShopData.generate(ShopData.DEFAULT_SEED);
    private static final String USER = DATA.userWithOpenOrders(3, 6).id();

    @Test
    void traceShowsTheCheckoutsSpansAsATreeUnderItsTimeline() {
        CliRun run = rosetta("checkout", "--style", "reactor", "--user", USER, "--latency", "0", "--trace");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.outLines();
        int trace = lines.indexOf(lines.stream().filter(line -> line.matches("trace [0-9a-f]{32}")).findFirst().orElseThrow());
        List<String> tree = lines.subList(trace + 1, lines.size()).stream().filter(line -> !line.isBlank()).toList();
        int orders = DATA.openOrders(USER).size();
        assertThat(tree).hasSize(1 + 4 + 3 + orders);
        assertThat(tree.get(0)).startsWith("checkout ");
        assertThat(tree.get(1)).startsWith("  fetch user ");
        assertThat(tree.get(2)).startsWith("    GET /users/{id} ").endsWith(" 200");
        assertThat(tree).filteredOn(line -> line.startsWith("    GET /orders/{id}/details ")).hasSize(orders);
        assertThat(tree.get(tree.size() - 1)).startsWith("    POST /payments ").endsWith(" 201");
    }

    /** A collector of the test's own, answering OTLP/HTTP with 200: the command sends the trace there before it exits. */
    @Test
    void otlpSendsTheTraceToACollector() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body.length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
            CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--latency", "0", "--otlp", endpoint);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(received).as("OTLP requests the collector got").isNotEmpty()
                    .allSatisfy(request -> assertThat(request).startsWith("POST application/x-protobuf "));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void aCollectorUrlThatIsNoUrlIsBadInput() {
        CliRun run = rosetta("checkout", "--style", "futures", "--user", USER, "--otlp", "localhost:4318");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not a collector URL: 'localhost:4318'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void compareNamesEachStylesTrace() {
        CliRun run = rosetta("compare", "--latency", "0", "--warmup", "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Each checkout's trace:");
        assertThat(run.outLines()).filteredOn(line -> line.matches("  \\S+ +[0-9a-f]{32}")).hasSizeGreaterThanOrEqualTo(7);
    }
}
