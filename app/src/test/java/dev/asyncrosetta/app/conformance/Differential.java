package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.app.conformance.Observation.Failure;
import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs one case on every style at once against one shop, each style with its own request id and
 * the case's faults scoped to it, and checks that all of them observed the same thing.
 */
final class Differential implements AutoCloseable {
    /** Printed in the failure, so the conformance matrix can tell which styles were out of line. */
    static final String OUT_OF_LINE = "styles out of line: ";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** How often a case runs at most while styles disagree without repeating themselves. */
    static final int MAX_RUNS = 5;
    /**
     * A stall this long can tip a margin NominalRun keeps (100 ms and more between events that
     * decide the outcome, once drift is added).
     */
    static final long STALL_LIMIT_MS = 50;

    private final ShopBackend shop;
    private final List<CheckoutStyle> styles;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> unpredicted = new CopyOnWriteArrayList<>();
    private final List<String> notRepeated = new CopyOnWriteArrayList<>();
    private final StallMeter stalls = new StallMeter();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger stalledRuns = new AtomicInteger();

    Differential(ShopBackend shop, List<CheckoutStyle> styles) {
        this.shop = shop;
        this.styles = List.copyOf(styles);
    }

    /** How many runs of cases there were, and during how many the JVM stalled. */
    String stallCount() {
        return stalledRuns.get() + " of " + runs.get() + " runs had a stall of " + STALL_LIMIT_MS + " ms or more";
    }

    /** Stops the stall meter's thread. */
    @Override
    public void close() {
        stalls.close();
    }

    List<CheckoutStyle> styles() {
        return styles;
    }

    /**
     * Cases on which every style agreed, but not with the nominal run: not a failure (the styles are
     * judged against each other), but worth a look, since either the model or every style is wrong.
     */
    List<String> unpredicted() {
        return List.copyOf(unpredicted);
    }

    /** Disagreements in which no style was out of line the same way in two runs without a stall. */
    List<String> notRepeated() {
        return List.copyOf(notRepeated);
    }

    /**
     * The first checkouts in a fresh JVM and on a fresh service pay for class loading and the JIT on
     * both sides of the wire, which could make a fault-free call slower than callTimeout. A few
     * patient rounds on every style, fan-out and retries included, pay that before any case runs.
     */
    void warmUp() {
        CheckoutPolicy patient = new CheckoutPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30), 3, Duration.ofMillis(10), 8);
        String many = shop.data().payingUsers(n -> n >= 12).get(0).id();
        String few = shop.data().userWithOpenOrders(2, 6).id();
        for (int round = 0; round < 3; round++) {
            observe(Case.of(shop.data(), many, patient));
            observe(Case.of(shop.data(), few, patient, "user@1=503", "details@1=reset", "payment@1=500"));
        }
    }

    /**
     * Fails, naming the styles out of line, unless every style observed the same on this case.
     *
     * <p>Each case has one right answer, so a style that gets it wrong gets it wrong the same way
     * whenever the case runs. A busy machine can also make styles disagree: a stall of the JVM fires
     * timers late, and then a fault-free call times out or a deadline comes after a retry it should
     * have cut off. So a disagreement runs the case again, up to {@value #MAX_RUNS} times; a run
     * during which the JVM stalled for {@value #STALL_LIMIT_MS} ms or more counts neither way, and
     * the case fails once a style is out of line the same way in two runs without a stall.
     * Disagreements that never get there are reported in the output ({@link #notRepeated}).
     */
    void assertAllAgree(Case aCase) {
        Optional<Observation> predicted = NominalRun.predict(shop.data(), aCase).map(NominalRun.Prediction::observation);
        Map<String, List<Observation>> deviations = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (int run = 1; run <= MAX_RUNS; run++) {
            stalls.reset();
            Map<Observation, List<String>> groups = groups(observe(aCase));
            long stalled = stalls.worstMillis();
            runs.incrementAndGet();
            if (stalled >= STALL_LIMIT_MS) stalledRuns.incrementAndGet();
            if (groups.size() <= 1) {
                if (run == 1) notePrediction(aCase, groups.keySet().iterator().next(), predicted);
                else noteNotRepeated(aCase, disagreements);
                return;
            }
            disagreements.add("(this JVM stalled up to " + stalled + " ms) " + groups);
            if (stalled >= STALL_LIMIT_MS) continue;
            List<String> repeated = new ArrayList<>();
            for (String style : outOfLine(groups, predicted)) {
                Observation seen = observationOf(groups, style);
                List<Observation> before = deviations.computeIfAbsent(style, s -> new ArrayList<>());
                if (before.contains(seen)) repeated.add(style);
                before.add(seen);
            }
            if (!repeated.isEmpty()) throw disagreement(aCase, groups, disagreements, predicted, repeated);
        }
        noteNotRepeated(aCase, disagreements);
    }

    private void noteNotRepeated(Case aCase, List<String> disagreements) {
        String note = aCase + "\n      " + String.join("\n      ", disagreements);
        notRepeated.add(note);
        System.out.println("a disagreement no style repeated in a run without a stall (a busy machine, not a style): " + note);
    }

    private static Map<Observation, List<String>> groups(Map<String, Observation> seen) {
        return seen.entrySet().stream().collect(
                Collectors.groupingBy(Map.Entry::getValue, LinkedHashMap::new, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    }

    private static Observation observationOf(Map<Observation, List<String>> groups, String style) {
        return groups.entrySet().stream().filter(e -> e.getValue().contains(style)).findFirst().orElseThrow().getKey();
    }

    private void notePrediction(Case aCase, Observation agreed, Optional<Observation> predicted) {
        predicted.filter(expected -> !expected.equals(agreed))
                .ifPresent(expected -> unpredicted.add(aCase + "\n      every style: " + agreed + "\n      predicted:   " + expected));
    }

    private static AssertionError disagreement(Case aCase, Map<Observation, List<String>> last, List<String> runs,
            Optional<Observation> predicted, List<String> repeated) {
        StringBuilder message = new StringBuilder("styles disagree on ").append(aCase).append('\n');
        last.forEach((observation, names) -> message.append("  ").append(names).append(": ").append(observation).append('\n'));
        message.append("  the nominal run predicts: ").append(predicted.map(String::valueOf).orElse("nothing (no single answer)")).append('\n');
        message.append("  every run of the case:\n");
        runs.forEach(run -> message.append("    ").append(run).append('\n'));
        message.append(OUT_OF_LINE).append(repeated.stream().sorted().toList());
        return new AssertionError(message.toString());
    }

    /**
     * The styles that did not observe what the nominal run predicts, when some style did; otherwise
     * every style outside the largest group (all of them on a tie).
     */
    private static List<String> outOfLine(Map<Observation, List<String>> groups, Optional<Observation> predicted) {
        if (predicted.isPresent() && groups.containsKey(predicted.get())) {
            return groups.entrySet().stream().filter(e -> !e.getKey().equals(predicted.get()))
                    .flatMap(e -> e.getValue().stream()).sorted().toList();
        }
        int largest = groups.values().stream().mapToInt(List::size).max().orElse(0);
        long groupsThatLarge = groups.values().stream().filter(g -> g.size() == largest).count();
        return groups.values().stream().filter(g -> g.size() < largest || groupsThatLarge > 1)
                .flatMap(List::stream).sorted().toList();
    }

    /** Every style's observation of the case, by style name. */
    Map<String, Observation> observe(Case aCase) {
        List<Run> runs = new ArrayList<>();
        try {
            for (CheckoutStyle style : styles) {
                String requestId = newRequestId();
                aCase.faultsFor(requestId).forEach(shop::addFault);
                runs.add(new Run(style.name(), requestId, style.open(shop.baseUri(), aCase.policy())));
            }
            // All styles run the case at the same time: they cannot see each other's faults or calls.
            for (Run run : runs) {
                run.result = run.service.checkout(new CheckoutRequest(aCase.userId(), run.requestId));
            }
            Map<String, Observation> seen = new LinkedHashMap<>();
            for (Run run : runs) {
                Object outcome = outcome(run.result, aCase.policy().deadline().plus(PATIENCE));
                seen.put(run.style, Observation.of(outcome, settledCalls(run.requestId), shop.ledger().charges(run.requestId)));
            }
            return seen;
        } finally {
            runs.forEach(run -> run.service.close());
            shop.reset();
        }
    }

    private static final class Run {
        final String style;
        final String requestId;
        final CheckoutService service;
        CompletableFuture<Receipt> result;

        Run(String style, String requestId, CheckoutService service) {
            this.style = style;
            this.requestId = requestId;
            this.service = service;
        }
    }

    /** The request's calls once none is in flight; a call left running after the outcome is itself a finding. */
    private List<Call> settledCalls(String requestId) {
        try {
            return Traffic.settled(shop.ledger(), requestId);
        } catch (AssertionError stillInFlight) {
            return shop.ledger().calls(requestId); // the IN_FLIGHT endings stay in the observation and set it apart
        }
    }

    private static Object outcome(CompletableFuture<Receipt> result, Duration patience) {
        try {
            return result.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return Failure.of(e.getCause());
        } catch (CancellationException e) {
            return Failure.of(e);
        } catch (TimeoutException e) {
            return Failure.noOutcome("no outcome within " + patience.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String newRequestId() {
        return "diff-" + runId + "-" + requests.incrementAndGet();
    }
}
