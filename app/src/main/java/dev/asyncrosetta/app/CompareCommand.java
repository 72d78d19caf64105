package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The same checkout in every style on the class path, against one embedded shop: their timelines
 * one above another on one time scale, then a table of what each took.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Runs the same checkout in every style and shows their timelines one above another, with"
                + " a table: duration, threads used, calls made, outcome.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--user", paramLabel = "USER",
            description = "The user to check out (default: a user with a few open orders).")
    private String user;

    @Mixin
    private ShopOptions shopOptions;

    @Option(names = "--svg", paramLabel = "FILE", converter = Converters.OutputFile.class,
            description = "Also write the timelines as an SVG picture to FILE.")
    private Path svg;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
            description = "Untraced checkouts each style runs first, so that no style pays the JVM's warm-up"
                    + " for the others (default: ${DEFAULT-VALUE}; 0 shows cold starts).")
    private int warmup;

    @Option(names = "--otlp", paramLabel = "URL", converter = Converters.OtlpUrl.class,
            description = "Also send each style's trace to an OpenTelemetry collector (Jaeger, Tempo, a vendor's):"
                    + " its OTLP/HTTP traces endpoint, e.g. http://localhost:4318/v1/traces.")
    private URI otlp;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (warmup < 0 || warmup > 20) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--warmup': " + warmup + " (use 0-20)");
        }
        StylesOnThisJvm found = StylesOnThisJvm.find();
        List<CheckoutStyle> styles = found.styles();
        if (styles.isEmpty()) {
            spec.commandLine().getErr().println("no styles on the class path: nothing to compare"
                    + (found.skipped().isEmpty() ? "" : "; " + found.skippedInOneLine()));
            return 1;
        }
        Duration latency = shopOptions.latencyOr(ShopOptions.DEMO_LATENCY);
        List<Timeline> timelines = new ArrayList<>();
        List<String> traceIds = new ArrayList<>();
        try (Traces traces = new Traces(otlp); EmbeddedShop shop = EmbeddedShop.start(latency)) {
            User customer = customer(shop.backend().data());
            printIntro(customer, shop.backend().data(), latency, found.skipped());
            for (CheckoutStyle style : styles) {
                Timeline timeline = run(style, traces, shop, customer.id());
                timelines.add(timeline);
                traceIds.add(traces.ofCheckout(timeline.requestId()).stream().findFirst()
                        .map(io.opentelemetry.sdk.trace.data.SpanData::getTraceId).orElse("none"));
            }
        }
        printResults(timelines);
        printTraces(timelines, traceIds);
        return 0;
    }

    private User customer(ShopData data) {
        if (user == null) return KnownUsers.typical(data);
        if (!data.hasUser(user)) throw new ParameterException(spec.commandLine(), KnownUsers.unknown(data, user));
        return data.user(user);
    }

    /** Opens the style with the default policy, warms it up, runs the traced checkout and closes it. */
    private Timeline run(CheckoutStyle style, Traces traces, EmbeddedShop shop, String userId) {
        String name = style.name().replaceAll("[^A-Za-z0-9-]", "-");
        CheckoutRequest request = new CheckoutRequest(userId, "compare-" + name + "-1");
        shop.addFaults(shopOptions.faultsFor(request.requestId()));
        CheckoutPolicy policy = CheckoutPolicy.defaults();
        long opened = System.nanoTime();
        try (CheckoutService service = traces.open(style, shop.baseUri(), policy)) {
            for (int i = 1; i <= warmup; i++) {
                warmUp(service, new CheckoutRequest(userId, "warmup-" + name + "-" + i), policy.deadline());
            }
            return TracedCheckout.run(style, service, request, policy.deadline(), shop.ledger());
        } catch (RuntimeException e) {
            // A style that cannot even open or close still gets its row: the comparison goes on.
            return new Timeline(style.name(), style.summary(), request.requestId(), opened, opened, List.of(), Outcome.of(e));
        }
    }

    /** Its outcome does not matter: the traced run that follows is the one shown. */
    private static void warmUp(CheckoutService service, CheckoutRequest request, Duration deadline) {
        CompletableFuture<?> checkout = service.checkout(request);
        try {
            checkout.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException ignored) {
            // a declining user's warm-up fails like its traced run will
        } catch (TimeoutException e) {
            checkout.cancel(true);
        } catch (InterruptedException e) {
            checkout.cancel(true);
            Thread.currentThread().interrupt();
        }
    }

    private void printIntro(User customer, ShopData data, Duration latency, List<StylesOnThisJvm.Skipped> skipped) {
        PrintWriter out = spec.commandLine().getOut();
        int orders = data.openOrders(customer.id()).size();
        out.printf("Checking out %s (%s, %d open %s) in every style; the shop answers after %s%s.%n", customer.id(),
                customer.name(), orders, orders == 1 ? "order" : "orders", Durations.format(latency),
                warmup == 0 ? "" : ", each style warmed up with " + warmup + " untraced checkout" + (warmup == 1 ? "" : "s"));
        if (!skipped.isEmpty()) {
            out.println("Not compared, as this JVM (Java " + Runtime.version().feature() + ") cannot run them: "
                    + skipped.stream().map(StylesOnThisJvm.Skipped::toString).collect(Collectors.joining("; ")) + ".");
        }
        if (!shopOptions.faults().isEmpty()) {
            out.println("Faults, for each style's checkout: "
                    + shopOptions.faults().stream().map(FaultRule::toString).collect(Collectors.joining(", ")));
        }
        out.println();
        out.flush();
    }

    /** Each style's trace id, to find its trace in the collector (--otlp) or to tell them apart. */
    private void printTraces(List<Timeline> timelines, List<String> traceIds) {
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("Each checkout's trace" + (otlp == null ? "" : " (sent to " + otlp + ")") + ":");
        for (int i = 0; i < timelines.size(); i++) {
            out.printf("  %-16s %s%n", timelines.get(i).style(), traceIds.get(i));
        }
        out.flush();
    }

    private void printResults(List<Timeline> timelines) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int width = GanttChart.terminalWidth();
        out.print(new GanttChart(width).draw(timelines));
        out.println();
        out.print(table(timelines));
        if (timelines.stream().map(t -> t.outcome().summary()).distinct().count() > 1) {
            out.println();
            out.println("The styles did not all end the same way, though the contract says they must; run their contract tests.");
        }
        if (svg != null) {
            SvgTimeline.write(svg, timelines);
            out.println();
            out.println("timelines written to " + svg);
        }
        out.flush();
    }

    static String table(List<Timeline> timelines) {
        int name = Math.max("style".length(), timelines.stream().mapToInt(t -> t.style().length()).max().orElse(0));
        String format = "%-" + name + "s  %11s  %7s  %5s  %s";
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, format, "style", "duration", "threads", "calls", "outcome")).append('\n');
        for (Timeline t : timelines) {
            String row = String.format(Locale.ROOT, format, t.style(), String.format(Locale.ROOT, "%.1f ms", t.durationMillis()),
                    t.threads().size(), t.calls().size(), t.outcome().summary());
            table.append(row).append('\n');
        }
        return table.toString();
    }
}
