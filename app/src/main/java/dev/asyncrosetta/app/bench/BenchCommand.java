package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.app.KafkaOptions;
import dev.asyncrosetta.app.bench.floor.ClientFloor;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.payments.PaymentService;
import dev.asyncrosetta.model.StyleThreads;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Every style under the same workloads, in one run, against one shop in a JVM of its own: the
 * styles take turns, W1 for every style, then W2 for every style, and so on. Each workload starts
 * the round with the next style, so that no style is always the first (on a JVM still compiling the
 * code the styles share, e.g. java.net.http) or always the last.
 *
 * <p>Turns rather than finer slices (every style a few seconds at a time, over and over): each
 * style is opened for its turn and closed after it, so that the threads, heap and CPU measured are
 * its own; keeping every style open to alternate slices would mix them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures every style under the same fixed workloads, one style at a time, against one shop in a"
                + " separate JVM: checkouts/s, latency percentiles, client CPU and memory per checkout, threads.",
                "W1 latency-bound: 20ms per call, 1,000 checkouts in flight. W2 CPU-bound: no latency, 64 in flight."
                + " W3 scale: 100ms per call, 10,000 in flight. Each: 10 s warm-up, 20 s measured."},
        footer = {"", "Writes results.csv, results.json, results.md and PNG charts to the output directory."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Short runs with fewer checkouts in flight (under a minute): checks that"
            + " everything runs; the figures are not the workloads'.")
    private boolean quick;

    @Option(names = "--styles", split = ",", paramLabel = "STYLE",
            description = "The styles to measure, e.g. futures,vertx (default: every style on the class path).")
    private List<String> styleNames;

    @Option(names = "--workloads", split = ",", paramLabel = "W",
            description = "The workloads to run, of ${COMPLETION-CANDIDATES} (default: all).")
    private List<Workload> workloads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Directory for the result files and charts (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "Open loop: start this many checkouts per second, whatever happens, instead of keeping the"
                    + " workload's number in flight; latencies then count from when each checkout was due"
                    + " (corrected for coordinated omission).")
    private Double rate;

    @Option(names = "--capacity", negatable = true,
            description = "Search each style's capacity within the latency target (the headline). Default: on, unless"
                    + " --workloads or --rate choose a narrower run.")
    private Boolean capacity;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "I/O threads for every event-loop style that sizes its own (futures, reactor, vertx), so that they"
                    + " compare on a level field (default: the cores, ${DEFAULT-VALUE} here; 0 leaves each style its own default).")
    private int ioThreads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--broker", negatable = true,
            description = "At W2, also measure every style that can pay through Kafka doing so (publishing the payment"
                    + " request and carrying on), beside the same style over HTTP. Default: on whenever W2 runs.")
    private Boolean broker;

    @Mixin
    private KafkaOptions kafkaOptions;

    @Option(names = "--update-doc", paramLabel = "FILE",
            description = "Also put the results (what results.md holds) into FILE, e.g. docs/benchmarks.md, between the"
                    + " lines '" + DocSection.BEGIN + "' and '" + DocSection.END + "'.")
    private Path doc;

    @Option(names = "--update-readme", paramLabel = "FILE",
            description = "Also put the headline (a row per style: capacity, client CPU against its floor, W3's cost) into"
                    + " FILE, e.g. README.md, between the lines '" + Headline.BEGIN + "' and '" + Headline.END + "'. Needs"
                    + " the capacity sweep, W2 and W3.")
    private Path readme;

    @Spec
    private CommandSpec spec;

    /** An open-loop run never holds more than this many checkouts in flight: past it, it waits. */
    private static final int OPEN_LOOP_MAX_IN_FLIGHT = 50_000;
    /** A full run first runs every style briefly, unrecorded: see {@link #call()}. */
    private static final Workload.Plan JVM_WARMUP = new Workload.Plan(16, Duration.ofSeconds(2), Duration.ofSeconds(1), false);
    /**
     * A style's checkouts still in flight after this are cancelled by its close(): W3's 10,000 need not
     * all end (they take 5-7 s, queued for the pools' connections, so no drain short of that would
     * let them), and W2's end within milliseconds.
     */
    private static final Duration DRAIN_FULL = Duration.ofSeconds(1);
    private static final int REPETITIONS = 3;
    private static final Duration DRAIN_QUICK = Duration.ofMillis(200);
    /**
     * The broker path's topics. Nobody consumes the requests during the bench: it measures what paying
     * through the broker costs the caller, and a payment service charging alongside would only take
     * cores from the client (and, lagging behind, from the runs after it).
     */
    static final PaymentTopics TOPICS = new PaymentTopics("rosetta-bench-payment-requests", "rosetta-bench-payment-outcomes");
    private static final int TOPIC_PARTITIONS = 3;

    /**
     * Sets the styles' I/O threads for the run and gives the property back afterwards, so that a run
     * inside another program (a test) leaves the styles opened later as they were.
     */
    @Override
    public Integer call() throws IOException {
        if (ioThreads < 0) throw new ParameterException(spec.commandLine(), "Invalid value for option '--io-threads': " + ioThreads);
        String before = System.getProperty(StyleThreads.IO_THREADS_PROPERTY);
        // Read by each style as it opens (StyleThreads.ioThreads); the bench opens them all in this JVM.
        if (ioThreads > 0) System.setProperty(StyleThreads.IO_THREADS_PROPERTY, Integer.toString(ioThreads));
        else System.clearProperty(StyleThreads.IO_THREADS_PROPERTY);
        try {
            return measure();
        } finally {
            if (before == null) System.clearProperty(StyleThreads.IO_THREADS_PROPERTY);
            else System.setProperty(StyleThreads.IO_THREADS_PROPERTY, before);
        }
    }

    private int measure() throws IOException {
        List<CheckoutStyle> styles = styles();
        List<Workload> chosen = workloads == null ? Workload.DEFAULT : List.copyOf(new LinkedHashSet<>(workloads));
        boolean sweep = capacity != null ? capacity : workloads == null && rate == null;
        boolean viaBroker = broker != null ? broker : chosen.contains(Workload.W2);
        if (viaBroker && !chosen.contains(Workload.W2)) {
            throw new ParameterException(spec.commandLine(), "--broker measures at W2: add W2 to --workloads");
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!viaBroker && (given.hasMatchedOption("--kafka") || given.hasMatchedOption("--kafka-config"))) {
            throw new ParameterException(spec.commandLine(), "--kafka and --kafka-config name the broker path's cluster,"
                    + " which this run does not measure (it runs at W2, unless --no-broker)");
        }
        List<CheckoutStyle> brokerStyles = viaBroker
                ? styles.stream().filter(BrokerPaymentStyle.class::isInstance).toList() : List.of();
        CapacitySweep.Plan sweepPlan = CapacitySweep.plan(quick);
        if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--rate': " + rate + " (use 1-1000000)");
        }
        Path dir = outputDirectory();
        if (doc != null && !DocSection.hasMarkers(doc)) {
            throw new ParameterException(spec.commandLine(), "cannot update '" + doc + "': it needs the lines '"
                    + DocSection.BEGIN + "' and '" + DocSection.END + "'");
        }
        if (readme != null && !DocSection.hasMarkers(readme, Headline.BEGIN, Headline.END)) {
            throw new ParameterException(spec.commandLine(), "cannot update '" + readme + "': it needs the lines '"
                    + Headline.BEGIN + "' and '" + Headline.END + "'");
        }
        if (readme != null && !(sweep && chosen.contains(Workload.W2) && chosen.contains(Workload.W3))) {
            throw new ParameterException(spec.commandLine(), "--update-readme needs the capacity sweep, W2 and W3 in the run");
        }
        PrintWriter console = spec.commandLine().getOut();
        List<String> userIds = ShopData.generate(ShopData.DEFAULT_SEED)
                .payingUsers(n -> n == Workload.OPEN_ORDERS).stream().map(User::id).toList();

        Duration total = quick ? Duration.ZERO : JVM_WARMUP.warmup().plus(JVM_WARMUP.measure()).multipliedBy(styles.size());
        if (sweep) total = total.plus(sweepPlan.estimate(styles.size()));
        for (Workload workload : chosen) {
            Workload.Plan plan = workload.plan(quick);
            int subjects = subjects(workload, styles, List.of()).size() + (workload == Workload.W2 ? brokerStyles.size() : 0);
            total = total.plus(plan.warmup().plus(plan.measure()).multipliedBy((long) subjects * repetitions()));
        }
        Machine machine = Machine.now();
        OffsetDateTime startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        console.printf(Locale.ROOT, "Benchmarking %s under %s%s: about %d s of load, plus set-up.%n",
                styles.stream().map(CheckoutStyle::name).collect(Collectors.joining(", ")),
                (sweep ? "the capacity sweep, " : "") + chosen.stream().map(Workload::name).collect(Collectors.joining(", ")),
                quick ? " (quick)" : "",
                total.toSeconds());
        console.println("Machine: " + machine.describe());
        console.println("I/O threads of futures, reactor and vertx: " + (ioThreads > 0 ? ioThreads : "each style's default")
                + "; rxjava keeps its one loop, callbacks Jetty's pool, the blocking styles their threads per call.");
        console.flush();

        ClientMeter meter = new ClientMeter(quick);
        List<Section> sections = new ArrayList<>();
        List<CapacitySweep.StyleCapacity> capacities = List.of();
        long began = System.nanoTime();
        // The broker first, in a JVM of its own unless --kafka names one: a --kafka mistake is reported
        // before anything starts, and it stops last. Without the broker path there is none (try skips a null).
        try (KafkaCluster kafka = brokerStyles.isEmpty() ? null : kafkaOptions.connect(spec);
             ShopProcess shop = ShopProcess.start(ShopData.DEFAULT_SEED);
             Progress progress = new Progress(spec.commandLine().getErr(), total)) {
            List<CheckoutStyle> brokerPaths = List.of();
            if (kafka != null) {
                PaymentService.createTopics(kafka, TOPICS, TOPIC_PARTITIONS);
                brokerPaths = BrokerPath.forStyles(brokerStyles, new BrokerPayments(KafkaOptions.clientSettings(kafka), TOPICS,
                        BrokerPayments.Mode.FIRE_AND_CARRY_ON));
                console.println("Broker: " + kafka + (kafka.isEmbedded() ? " (started for this run in a JVM of its own)" : "")
                        + "; the requests stay in " + TOPICS.requests() + ", which nobody consumes during the bench.");
                console.flush();
            }
            StyleRun runner = new StyleRun(shop, meter, progress, userIds);
            if (!quick) {
                // Compiles the code every style shares (JSON, the load generator, java.net.http for
                // several), so that the first style measured is not also the one that pays for it.
                for (CheckoutStyle style : styles) {
                    runner.run(style, Workload.W2, JVM_WARMUP, new LoadMode.ClosedLoop(JVM_WARMUP.inFlight()), 0, DRAIN_QUICK);
                }
            }
            AtomicInteger order = new AtomicInteger();
            if (sweep) capacities = new CapacitySweep(runner, sweepPlan).run(styles, order::incrementAndGet);
            Rounds rounds = new Rounds(runner);
            for (int w = 0; w < chosen.size(); w++) {
                Workload workload = chosen.get(w);
                Workload.Plan plan = workload.plan(quick);
                LoadMode mode = rate == null ? new LoadMode.ClosedLoop(plan.inFlight())
                        : new LoadMode.OpenLoop(rate, OPEN_LOOP_MAX_IN_FLIGHT);
                sections.add(rounds.run(workload, heading(workload, plan, mode), subjects(workload, styles, brokerPaths), plan, mode,
                        repetitions(), w, quick ? DRAIN_QUICK : DRAIN_FULL, order::incrementAndGet, quick));
            }
        }
        double minutes = (System.nanoTime() - began) / 60e9;
        String loadAfter = Machine.loadAverage(
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean());

        List<Result> results = sections.stream().flatMap(section -> section.results().stream()).toList();
        CapacityReport capacityReport = sweep ? new CapacityReport(sweepPlan, LatencyTarget.of(CapacitySweep.WORKLOAD), capacities) : null;
        ResultFiles.Report report = new ResultFiles.Report(commandLine(), quick, startedAt.toString(), minutes, machine,
                loadAfter, meter.allocationSource(), capacityReport == null ? null : capacityReport.summaries(), results);
        List<Path> files = ResultFiles.write(dir, report, styles.stream().map(CheckoutStyle::name).toList(), sections,
                capacityReport);

        console.println();
        if (capacityReport != null) console.println(capacityReport.text());
        console.print(Tables.text(sections));
        console.println();
        console.println("Targets of issue 10" + (quick ? " (a quick run: a first look only)" : "") + ":");
        Targets.judge(sections).forEach(console::println);
        console.println();
        console.printf(Locale.ROOT, "Took %.1f min; load average after: %s. Bytes allocated: %s.%n", minutes, loadAfter,
                meter.allocationSource());
        if (doc != null) {
            DocSection.replace(doc, Files.readString(dir.resolve("results.md")));
            files = new ArrayList<>(files);
            files.add(doc);
        }
        if (readme != null) {
            Optional<String> headline = Headline.markdown(startedAt.toString(), LatencyTarget.of(CapacitySweep.WORKLOAD),
                    capacities, sections);
            if (headline.isPresent()) {
                DocSection.replace(readme, Headline.BEGIN, Headline.END, headline.get());
                files = new ArrayList<>(files);
                files.add(readme);
            }
        }
        console.println("Written: " + files.stream().map(file -> file.getFileName().toString()).collect(Collectors.joining(", "))
                + " in " + dir);
        console.flush();
        return results.stream().anyMatch(r -> r.problem() != null) ? 1 : 0;
    }

    /** A quick run checks that everything runs, once; a full one repeats every figure to show how far it can be trusted. */
    private int repetitions() {
        return quick ? 1 : REPETITIONS;
    }

    /**
     * W2 also measures the plain HTTP clients the chosen styles are built on, in the same rounds, so
     * that each style's CPU can be set against its client's floor measured under the same conditions;
     * each style's variants (CheckoutStyle.benchVariants), to set against the style as written; and
     * each style paying through the broker, to set against the same style over HTTP.
     */
    private static List<CheckoutStyle> subjects(Workload workload, List<CheckoutStyle> styles, List<CheckoutStyle> brokerPaths) {
        if (workload != Workload.W2) return styles;
        List<CheckoutStyle> subjects = new ArrayList<>(styles);
        subjects.addAll(ClientFloor.forStyles(styles.stream().map(CheckoutStyle::name).toList()));
        styles.forEach(style -> subjects.addAll(style.benchVariants()));
        subjects.addAll(brokerPaths);
        return subjects;
    }

    private List<CheckoutStyle> styles() {
        List<CheckoutStyle> all = CheckoutStyle.all();
        if (all.isEmpty()) throw new ParameterException(spec.commandLine(), "no styles on the class path: nothing to measure");
        if (styleNames == null) return all;
        List<CheckoutStyle> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(styleNames)) {
            chosen.add(all.stream().filter(style -> style.name().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown style '" + name + "' (use one of: "
                            + all.stream().map(CheckoutStyle::name).collect(Collectors.joining(", ")) + ")")));
        }
        return chosen;
    }

    private Path outputDirectory() throws IOException {
        Path dir = out.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "cannot write to '" + out + "': it is a file, not a directory");
        }
        return Files.createDirectories(dir);
    }

    private static String heading(Workload workload, Workload.Plan plan, LoadMode mode) {
        String latency = workload.latency().isZero() ? "no added latency"
                : workload.latency().toMillis() + " ms per call, floor " + workload.floor().toMillis() + " ms";
        return String.format(Locale.ROOT, "%s %s: %s; %s; %s warm-up, %s measured", workload.name(), workload.what(),
                latency, mode.describe(), seconds(plan.warmup()), seconds(plan.measure()));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** The command as typed, for the reader who wants to run it again. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "rosetta " + String.join(" ", args);
    }
}
