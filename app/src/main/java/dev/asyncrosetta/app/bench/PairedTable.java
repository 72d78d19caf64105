package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A W2 table setting each style beside another way of running it, measured in the same rounds: its
 * checkouts per second and client CPU per checkout both ways. Two such pairs: paying through the
 * broker against calling {@code POST /payments} ({@link #BROKER}: what the queue costs the caller),
 * and a style's {@linkplain dev.asyncrosetta.model.CheckoutStyle#benchVariants() variant} against the
 * style as written ({@link #VARIANT}: what the style's choice costs).
 *
 * @param styleOf the style a subject is the other way of running, or empty when it is none
 */
record PairedTable(String heading, String asIs, String other, Function<String, Optional<String>> styleOf,
        List<String> footnotes) {

    static final PairedTable BROKER = new PairedTable(
            "paying through the broker, each style publishing the payment request on Kafka and carrying on, beside the"
                    + " same style calling POST /payments",
            "HTTP", "broker", BrokerPath::styleOf,
            List.of("Through the broker a checkout makes seven HTTP calls, publishes one record (an idempotent producer,"
                    + " acks=all) and ends when the broker has acknowledged it: its receipt says the payment is pending. Nobody"
                    + " charges those requests during the bench, so neither the shop's payment work nor a payment service's takes"
                    + " cores from it; the broker, in a JVM of its own, does. The client CPU is the client JVM's alone both ways."));

    static final PairedTable VARIANT = new PairedTable(
            "a style's own choice against a like-for-like variant of it, the same workflow otherwise",
            "as written", "variant", PairedTable::variantOf,
            List.of("reactor's flatMapSequential and rxjava's concatMapEager start the next order only once the earliest one"
                    + " in flight has answered; their sliding-window variants start it when any has, as the other styles do."
                    + " At the bench's even latency the earliest answers about first anyway, so this measures the cost of the"
                    + " operators, not the wait a slow first order would add (the styles' own tests show that on virtual time)."));

    /** A variant is named after its style: "reactor (sliding window)" is reactor's. */
    static Optional<String> variantOf(String name) {
        int open = name.indexOf(" (");
        return open > 0 && name.endsWith(")") ? Optional.of(name.substring(0, open)) : Optional.empty();
    }

    boolean applies(Section section) {
        return section.results().stream().anyMatch(r -> includes(r.style()));
    }

    /**
     * Whether a subject is one of the styles themselves, rather than something measured beside them: a
     * client floor, a broker path or a variant. Only styles are judged by the targets and set against a floor.
     */
    static boolean isStyle(String subject) {
        return !ClientFloor.isFloor(subject) && !BROKER.includes(subject) && !VARIANT.includes(subject);
    }

    boolean includes(String subject) {
        return styleOf.apply(subject).isPresent();
    }

    Grid grid(Section section) {
        List<String[]> rows = new ArrayList<>();
        boolean named = this == VARIANT;
        List<String> header = new ArrayList<>(List.of("style"));
        if (named) header.add("variant");
        header.addAll(List.of(asIs + " checkouts/s", other + " checkouts/s", asIs + " client µs/co", other + " client µs/co",
                other + " / " + asIs + " CPU"));
        rows.add(header.toArray(String[]::new));
        for (Result paired : section.results()) {
            Optional<String> style = styleOf.apply(paired.style());
            if (style.isEmpty()) continue;
            Optional<Result> asWritten = section.results().stream().filter(r -> r.style().equals(style.get())).findFirst();
            double cpu = asWritten.map(Result::clientCpuMicros).orElse(Double.NaN);
            List<String> row = new ArrayList<>(List.of(style.get()));
            if (named) row.add(paired.style().substring(style.get().length() + 2, paired.style().length() - 1));
            row.addAll(List.of(
                Tables.integer(asWritten.map(Result::throughput).orElse(Double.NaN)),
                Tables.integer(paired.throughput()),
                Tables.integer(cpu),
                Tables.integer(paired.clientCpuMicros()),
                Double.isNaN(cpu) ? "-" : String.format(Locale.ROOT, "%.2fx", paired.clientCpuMicros() / cpu)));
            rows.add(row.toArray(String[]::new));
        }
        boolean[] left = new boolean[header.size()];
        left[0] = true;
        if (named) left[1] = true;
        return new Grid(rows, left);
    }

    String heading(Section section) {
        return section.workload().name() + ": " + heading;
    }
}
