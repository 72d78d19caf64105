package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.InvalidRequestException;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Receipt;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** One checkout in one style: its Receipt or its typed failure, and on request where each call ran. */
@Command(name = "checkout", mixinStandardHelpOptions = true,
        description = "Runs one checkout in one style against an embedded shop (or --shop URL) and prints the"
                + " Receipt, or the typed failure (exit 1).")
final class CheckoutCommand implements Callable<Integer> {

    @Option(names = "--style", required = true, paramLabel = "STYLE", converter = Converters.Style.class,
            description = "The style to run (see 'rosetta styles').")
    private CheckoutStyle style;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user to check out, e.g. u-0003.")
    private String user;

    @Mixin
    private ShopOptions shopOptions;

    @Option(names = "--shop", paramLabel = "URL", converter = Converters.ShopUrl.class,
            description = "A shop already running, e.g. from 'rosetta serve' (default: one embedded for this run).")
    private URI shopUrl;

    @Option(names = "--trace", description = "Also draw every HTTP call as a timeline, with the checkout's trace"
            + " (its spans as a tree) under it (on stderr with --json).")
    private boolean trace;

    @Option(names = "--otlp", paramLabel = "URL", converter = Converters.OtlpUrl.class,
            description = "Also send the checkout's trace to an OpenTelemetry collector (Jaeger, Tempo, a vendor's):"
                    + " its OTLP/HTTP traces endpoint, e.g. http://localhost:4318/v1/traces.")
    private URI otlp;

    @Option(names = "--json", description = "Print the Receipt as JSON.")
    private boolean json;

    @Option(names = "--svg", paramLabel = "FILE", converter = Converters.OutputFile.class,
            description = "Also write the timeline as an SVG picture to FILE.")
    private Path svg;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CheckoutRequest request = new CheckoutRequest(user, "checkout-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            CheckoutRequest.requireValid(request);
        } catch (InvalidRequestException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--user': " + e.getMessage());
        }
        Timeline timeline;
        List<SpanData> spans;
        try (Traces traces = new Traces(otlp); ShopConnection shop = connect()) {
            shop.data().ifPresent(this::requireKnownUser);
            if (shopOptions.latency() != null) shop.latency(shopOptions.latency());
            shop.addFaults(shopOptions.faultsFor(request.requestId()));
            CheckoutPolicy policy = CheckoutPolicy.defaults();
            try (CheckoutService service = traces.open(style, shop.baseUri(), policy)) {
                timeline = TracedCheckout.run(style, service, request, policy.deadline(), shop.ledger());
            }
            spans = traces.ofCheckout(request.requestId());
        }
        print(timeline, spans);
        return timeline.outcome().succeeded() ? 0 : 1;
    }

    private ShopConnection connect() {
        if (shopUrl == null) return EmbeddedShop.start(shopOptions.latencyOr(ShopOptions.DEMO_LATENCY));
        try {
            return RemoteShop.connect(shopUrl);
        } catch (RemoteShop.ShopUnavailableException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--shop': " + e.getMessage());
        }
    }

    private void requireKnownUser(ShopData data) {
        if (!data.hasUser(user)) throw new ParameterException(spec.commandLine(), KnownUsers.unknown(data, user));
    }

    private void print(Timeline timeline, List<SpanData> spans) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Outcome outcome = timeline.outcome();
        if (outcome.succeeded()) {
            Receipt receipt = outcome.receipt().orElseThrow();
            out.println(json ? Json.writeString(receipt) : ReceiptPrinter.print(receipt));
        } else {
            err.println(outcome.failureLine());
        }
        if (trace) {
            PrintWriter chart = json ? err : out;
            if (!json && outcome.succeeded()) chart.println();
            chart.print(new GanttChart(GanttChart.terminalWidth()).draw(List.of(timeline)));
            chart.println();
            chart.print(SpanTree.render(spans));
        }
        if (svg != null) {
            SvgTimeline.write(svg, List.of(timeline));
            (json ? err : out).println("timeline written to " + svg);
        }
        out.flush();
        err.flush();
    }
}
