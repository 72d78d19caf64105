package dev.asyncrosetta.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "What does the queue cost the caller?", from one W2 section that measured each style over HTTP and
 * through the broker: its checkouts per second and client CPU per checkout both ways, side by side.
 */
final class BrokerTable {
    private static final String[] HEADER = {"style", "HTTP checkouts/s", "broker checkouts/s", "HTTP client µs/co",
        "broker client µs/co", "broker / HTTP CPU"};
    private static final boolean[] LEFT = {true, false, false, false, false, false};

    private BrokerTable() {}

    static boolean applies(Section section) {
        return section.results().stream().anyMatch(r -> BrokerPath.isBrokerPath(r.style()));
    }

    static Grid grid(Section section) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Result broker : section.results()) {
            Optional<String> style = BrokerPath.styleOf(broker.style());
            if (style.isEmpty()) continue;
            Optional<Result> http = section.results().stream().filter(r -> r.style().equals(style.get())).findFirst();
            double httpCpu = http.map(Result::clientCpuMicros).orElse(Double.NaN);
            rows.add(new String[] {
                style.get(),
                Tables.integer(http.map(Result::throughput).orElse(Double.NaN)),
                Tables.integer(broker.throughput()),
                Tables.integer(httpCpu),
                Tables.integer(broker.clientCpuMicros()),
                Double.isNaN(httpCpu) ? "-" : String.format(Locale.ROOT, "%.2fx", broker.clientCpuMicros() / httpCpu)});
        }
        return new Grid(rows, LEFT);
    }

    static String heading(Section section) {
        return section.workload().name() + ": paying through the broker, each style publishing the payment request on Kafka"
                + " and carrying on, beside the same style calling POST /payments";
    }

    /** What the two paths do differently, and what shares the cores with them. */
    static List<String> footnotes() {
        return List.of("Through the broker a checkout makes seven HTTP calls, publishes one record (an idempotent producer,"
                + " acks=all) and ends when the broker has acknowledged it: its receipt says the payment is pending. Nobody"
                + " charges those requests during the bench, so neither the shop's payment work nor a payment service's takes"
                + " cores from it; the broker, in a JVM of its own, does. The client CPU is the client JVM's alone both ways.");
    }
}
