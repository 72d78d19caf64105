package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.app.Converters;
import dev.asyncrosetta.app.KafkaOptions;
import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.payments.PaymentService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The lessons of an outage: the payment service stops for a while as checkouts keep arriving, and
 * each style runs through it on each payment path asked for: calling the service over HTTP as it is,
 * calling it behind a circuit breaker, a payment bulkhead and admission control, and publishing to it
 * through Kafka. Exit code 1 when the shop's ledger shows a completed checkout not charged exactly
 * once, or a failed one charged.
 */
@Command(name = "outage", mixinStandardHelpOptions = true,
        description = {"Stops the payment service for a few seconds while checkouts arrive at a steady rate (one in five"
                + " of a user with nothing to pay), on each payment path: over HTTP, over HTTP behind a circuit breaker,"
                + " a payment bulkhead and admission control, and through a Kafka broker (fire and carry on). Shows second"
                + " by second what completed, failed fast, timed out and waited, how long the checkouts with nothing to pay"
                + " took, and the JVM's threads and heap; then the latency of each, and how long the payments that waited"
                + " took to be charged once the service was back, each exactly once.",
                "Runs against an embedded shop and, for the broker path, unless --kafka names a cluster, a Kafka broker"
                        + " started for the run in a JVM of its own."})
public final class OutageCommand implements Callable<Integer> {
    /** Topics and group of their own: on a real cluster, nothing else reads or writes them. */
    static final PaymentTopics TOPICS = new PaymentTopics("rosetta-outage-payment-requests", "rosetta-outage-payment-outcomes");
    static final String GROUP = "rosetta-outage-payment-service";
    /** One checkout in this many is of a user with nothing to pay: enough of them every second to see whether they wait too. */
    private static final int NOTHING_TO_PAY_EVERY = 5;

    @Option(names = "--style", paramLabel = "STYLE", converter = Converters.Style.class,
            description = "Only this style (default: every style this JVM runs; see 'rosetta styles').")
    private CheckoutStyle onlyStyle;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "20", description = "Checkouts started per second (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "15s", converter = Converters.ShortDuration.class,
            description = "How long checkouts keep arriving (default: ${DEFAULT-VALUE}).")
    private Duration arrivals;

    @Option(names = "--outage-at", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.ShortDuration.class,
            description = "When the payment service stops, after the first checkout (default: ${DEFAULT-VALUE}).")
    private Duration outageStart;

    @Option(names = "--outage-for", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.ShortDuration.class,
            description = "How long it stays away (default: ${DEFAULT-VALUE}).")
    private Duration outageLength;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "3s", converter = Converters.ShortDuration.class,
            description = "Each checkout's deadline; its calls time out after 2 s (or the deadline, if shorter) and are"
                    + " tried 3 times (default: ${DEFAULT-VALUE}).")
    private Duration deadline;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "20ms", converter = Converters.ShortDuration.class,
            description = "Added to every answer of the shop (default: ${DEFAULT-VALUE}).")
    private Duration latency;

    @Option(names = "--paths", paramLabel = "PATH", split = ",", converter = PathChoice.Converter.class,
            defaultValue = "http,http-protected",
            description = "The payment paths, of http, http-protected and broker (default: ${DEFAULT-VALUE}; the broker"
                    + " path starts a Kafka broker unless --kafka names one).")
    private List<PathChoice> pathChoices;

    @Option(names = "--svg", paramLabel = "FILE", converter = Converters.OutputFile.class, description = "Also draw the runs as an SVG picture in FILE.")
    private Path svg;

    @Mixin
    private KafkaOptions kafkaOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        OutageSchedule schedule = schedule();
        List<CheckoutStyle> styles = styles();
        CheckoutPolicy policy = policy();
        PrintWriter out = spec.commandLine().getOut();
        Set<PathChoice> chosen = EnumSet.copyOf(pathChoices);
        List<OutageRun> runs;
        // The broker first: a --kafka mistake is reported before anything starts, and it stops last. Without the
        // broker path there is none to start (try-with-resources skips a null resource).
        try (KafkaCluster kafka = brokerFor(chosen);
                ShopBackend shop = ShopBackend.builder().latency(latency).start();
                PaymentService payments = kafka == null ? null : PaymentService.builder(kafka, shop.baseUri()).topics(TOPICS)
                        .group(GROUP).name("outage-payment-service").start()) {
            List<PaymentPath> paths = new ArrayList<>();
            if (chosen.contains(PathChoice.HTTP)) paths.add(new PaymentOverHttp(shop, policy));
            if (chosen.contains(PathChoice.HTTP_PROTECTED)) paths.add(PaymentOverHttp.protectedBy(shop, policy));
            if (kafka != null) paths.add(new PaymentThroughBroker(shop.baseUri(), policy, kafka, TOPICS, payments));
            printIntro(out, schedule, policy, chosen, kafka);
            runs = runEach(styles, paths, new OutageDrill(schedule, policy, shop.ledger(),
                    Customers.of(shop.data(), NOTHING_TO_PAY_EVERY)), out);
        }
        out.print(OutageReport.table(runs));
        if (svg != null) {
            OutageSvg.write(svg, runs);
            out.println("\npicture written to " + svg);
        }
        out.flush();
        return runs.stream().allMatch(r -> r.charges().right()) ? 0 : 1;
    }

    /**
     * The cluster of the broker path, or null without that path. --kafka and --kafka-config are checked
     * whenever they are given, and then refused without the broker path rather than silently unused.
     */
    private KafkaCluster brokerFor(Set<PathChoice> chosen) {
        ParseResult given = spec.commandLine().getParseResult();
        boolean named = given.hasMatchedOption("--kafka") || given.hasMatchedOption("--kafka-config");
        if (!chosen.contains(PathChoice.BROKER) && !named) return null;
        KafkaCluster kafka = kafkaOptions.connect(spec);
        if (!chosen.contains(PathChoice.BROKER)) {
            kafka.close();
            throw new ParameterException(spec.commandLine(), "--kafka and --kafka-config name the broker path's cluster: add broker to --paths");
        }
        return kafka;
    }

    /** Every style on every path it takes, one after another, each printed as soon as it is done. */
    private static List<OutageRun> runEach(List<CheckoutStyle> styles, List<PaymentPath> paths, OutageDrill drill, PrintWriter out)
            throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<OutageRun> runs = new ArrayList<>();
        for (CheckoutStyle style : styles) {
            for (PaymentPath path : paths) {
                if (!path.supports(style)) continue;
                OutageSchedule schedule = drill.schedule();
                out.printf("%s, %s: %s from %s to %s%n", style.name(), path.label(), path.outageDescription(),
                        Durations.format(schedule.outageStart()), Durations.format(schedule.outageEnd()));
                out.flush();
                OutageRun result = drill.run(style, path, requestIdPrefix(run, style, path));
                runs.add(result);
                out.print(OutageReport.seconds(result));
                out.println(OutageReport.summary(result));
                out.flush();
            }
        }
        return runs;
    }

    /** E.g. {@code 3fa2c1-futures-http}: this run of the command, the style and the path, in the letters, digits and dashes of a request id. */
    private static String requestIdPrefix(String run, CheckoutStyle style, PaymentPath path) {
        return String.join("-", run, style.name(), path.label()).replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
    }

    private OutageSchedule schedule() {
        if (rate < 1 || rate > OutageSchedule.MAX_PER_SECOND) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--rate': " + rate
                    + " (use 1-" + OutageSchedule.MAX_PER_SECOND + ")");
        }
        try {
            return new OutageSchedule(rate, arrivals, outageStart, outageLength);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (see --duration, --outage-at, --outage-for)");
        }
    }

    /** Calls time out after 2 s, as by default, unless the deadline is shorter; 3 attempts, 100 ms apart at first. */
    private CheckoutPolicy policy() {
        try {
            CheckoutPolicy defaults = CheckoutPolicy.defaults();
            Duration callTimeout = deadline.compareTo(defaults.callTimeout()) < 0 ? deadline : defaults.callTimeout();
            return defaults.withDeadline(deadline).withCallTimeout(callTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--deadline': " + e.getMessage());
        }
    }

    private List<CheckoutStyle> styles() {
        return onlyStyle != null ? List.of(onlyStyle) : CheckoutStyle.all();
    }

    private void printIntro(PrintWriter out, OutageSchedule schedule, CheckoutPolicy policy, Set<PathChoice> chosen, KafkaCluster kafka) {
        out.printf("%d checkouts a second for %s, one in %d of a user with nothing to pay; the payment service stops at %s"
                        + " for %s. Each checkout's deadline is %s, each call times out after %s and is tried up to %d times;"
                        + " the shop answers after %s.%n",
                schedule.perSecond(), Durations.format(schedule.arrivals()), NOTHING_TO_PAY_EVERY, Durations.format(schedule.outageStart()),
                Durations.format(schedule.outageLength()), Durations.format(policy.deadline()),
                Durations.format(policy.callTimeout()), policy.maxAttempts(), Durations.format(latency));
        if (chosen.contains(PathChoice.HTTP_PROTECTED)) out.printf("Protected: %s.%n", ServiceProtections.describe());
        if (kafka != null) {
            out.printf("Broker: %s%s, topics %s and %s.%n", kafka, kafka.isEmbedded() ? " (started for this run in a JVM of its own)" : "",
                    TOPICS.requests(), TOPICS.outcomes());
        }
        out.println();
        out.flush();
    }
}
