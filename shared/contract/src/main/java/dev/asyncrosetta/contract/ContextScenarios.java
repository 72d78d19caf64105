package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.receipt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * C36-C40: the caller's trace context travels with every call of its checkout, whatever thread makes
 * the call. The witnesses are the {@code traceparent} headers the shop recorded and the spans the
 * style ended (an in-memory exporter): together they must form the tree {@link TraceTree} describes,
 * its spans marked failed where the work failed; and the log lines the style wrote about each
 * checkout, with its ids in the MDC.
 */
public interface ContextScenarios {

    ShopBackend shop();

    /**
     * A service of the style under test, opened with an OpenTelemetry of the contract's own whose
     * spans go to {@link #spans()}; closed after the scenario. Fails the scenario for a style that is
     * no {@link dev.asyncrosetta.model.TracedCheckoutStyle}.
     */
    CheckoutService openTraced();

    /** {@link #openTraced()}, under this policy instead of its patient one. */
    CheckoutService openTraced(CheckoutPolicy policy);

    /** Every span the style has ended since the scenario began. */
    List<SpanData> spans();

    String newRequestId(String scenario);

    /** How long after its checkout ended a style may take to end the checkout's span. */
    Duration SPANS_ENDED_WITHIN = Duration.ofSeconds(5);

    /**
     * A remote caller's span, as a server would have it from its own caller's traceparent: sampled,
     * with a trace state, which every call must carry on as it came.
     */
    private static SpanContext remoteCaller() {
        return SpanContext.createFromRemoteParent(IdGenerator.random().generateTraceId(), IdGenerator.random().generateSpanId(),
                TraceFlags.getSampled(), TraceState.builder().put("rosetta", "caller").build());
    }

    private Receipt checkoutUnder(SpanContext caller, CheckoutService service, CheckoutRequest request) {
        CompletableFuture<Receipt> checkout;
        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
            checkout = service.checkout(request);
        }
        return receipt(checkout);
    }

    /** Waits until the style has ended the checkout's span of this trace (it may end just after the future completes). */
    private TraceTree treeOnceEnded(String scenario, String traceId) {
        Waits.until(SPANS_ENDED_WITHIN, () -> spans().stream().anyMatch(span -> span.getTraceId().equals(traceId)
                        && span.getName().equals(CheckoutTracing.CHECKOUT_SPAN)),
                () -> scenario + ": no ended checkout span in trace " + traceId + "; spans ended: " + spans().size());
        return new TraceTree(spans());
    }

    @Test
    @Order(36)
    @DisplayName("C36 every call of a checkout, retries and the fan-out's included, is an attempt span of a step span of the checkout, in the caller's trace")
    default void C36_everyCallIsAnAttemptOfAStepOfTheCheckoutInTheCallersTrace() {
        User user = shop().data().userWithOpenOrders(5, 6);
        List<dev.asyncrosetta.model.Order> orders = shop().data().openOrders(user.id());
        String requestId = newRequestId("C36");
        // A retry in a sequential step, one in the fan-out and one of the payment: each a new attempt of its step.
        shop().addFault(FaultRule.on(Route.USER, new Fault.Status(503)).forRequest(requestId).onAttempt(1));
        shop().addFault(FaultRule.on(Route.DETAILS, new Fault.Status(503)).forRequest(requestId)
                .forResource(orders.get(2).id()).onAttempt(1));
        shop().addFault(FaultRule.on(Route.PAYMENT, new Fault.Status(503)).forRequest(requestId).onAttempt(1));
        SpanContext caller = remoteCaller();

        Receipt receipt = checkoutUnder(caller, openTraced(), new CheckoutRequest(user.id(), requestId));

        assertThat(receipt.payment()).as("the checkout paid").isPresent();
        TraceTree tree = treeOnceEnded("C36", caller.getTraceId());
        List<Call> calls = shop().ledger().calls(requestId);
        assertThat(calls).as("user twice, orders, %d details and one retried, payment twice", orders.size())
                .hasSize(2 + 1 + orders.size() + 1 + 2);
        SpanData checkout = tree.checkoutIn(caller.getTraceId());
        assertThat(checkout.getParentSpanId()).as("the checkout's parent: the caller's span").isEqualTo(caller.getSpanId());
        assertThat(checkout.getAttributes().get(CheckoutTracing.REQUEST_ID)).isEqualTo(requestId);
        tree.everyCallIsAnAttemptUnder(calls, checkout);
        assertThat(calls).as("every call carries the caller's trace state on").allSatisfy(call ->
                assertThat(call.tracestate()).as(call.route() + " call #" + call.seq()).isEqualTo("rosetta=caller"));
    }

    @Test
    @Order(37)
    @DisplayName("C37 a checkout started with no current context gets a trace of its own, its span the root")
    default void C37_aCheckoutWithNoCurrentContextStartsATraceOfItsOwn() {
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("C37");

        CompletableFuture<Receipt> started;
        try (Scope ignored = Context.root().makeCurrent()) {
            started = openTraced().checkout(new CheckoutRequest(user.id(), requestId));
        }
        receipt(started);

        List<Call> calls = shop().ledger().calls(requestId);
        String traceId = TraceTree.traceIdOf(calls);
        TraceTree tree = treeOnceEnded("C37", traceId);
        SpanData checkout = tree.checkoutIn(traceId);
        assertThat(checkout.getParentSpanContext().isValid()).as("the checkout's span has no parent").isFalse();
        tree.everyCallIsAnAttemptUnder(calls, checkout);
        assertThat(calls).as("no trace state where the caller had none").allSatisfy(call -> assertThat(call.tracestate()).isNull());
    }

    /** C18's load: checkouts in flight at once. */
    int CHECKOUTS_UNDER_LOAD = 2_000;

    @Test
    @Order(38)
    @DisplayName("C38 under load, checkouts started at once from many threads, each under its own caller, never carry another's context")
    default void C38_concurrentCheckoutsNeverCarryAnothersContext() throws Exception {
        CheckoutService service = openTraced();
        // As C18: every call 20 ms late, so that the checkouts' calls interleave on the style's threads;
        // users with one or two open orders, so that thousands in flight are not thousands of connections each.
        shop().latency(Duration.ofMillis(20));
        List<User> users = shop().data().payingUsers(orders -> orders >= 1 && orders <= 2);
        Map<String, SpanContext> callers = new ConcurrentHashMap<>();
        List<CompletableFuture<Receipt>> checkouts = java.util.Collections.synchronizedList(new ArrayList<>());
        int starters = 4;
        ExecutorService starting = Executors.newFixedThreadPool(starters);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int t = 0; t < starters; t++) {
                started.add(starting.submit(() -> {
                    for (int i = 0; i < CHECKOUTS_UNDER_LOAD / starters; i++) {
                        User user = users.get(callers.size() % users.size());
                        String requestId = newRequestId("C38");
                        SpanContext caller = remoteCaller();
                        callers.put(requestId, caller);
                        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
                            checkouts.add(service.checkout(new CheckoutRequest(user.id(), requestId)));
                        }
                    }
                }));
            }
            for (Future<?> thread : started) thread.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            starting.shutdownNow();
        }
        CompletableFuture.allOf(checkouts.stream().map(f -> f.exceptionally(failure -> null)).toArray(CompletableFuture[]::new))
                .get(90, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(checkouts.stream().filter(CompletableFuture::isCompletedExceptionally).map(Outcomes::cause).limit(5))
                .as("failed checkouts (first five)").isEmpty();

        Map<String, List<Call>> callsByRequest = shop().ledger().calls().stream()
                .collect(java.util.stream.Collectors.groupingBy(Call::requestId));
        for (Map.Entry<String, SpanContext> checkout : callers.entrySet()) {
            assertThat(callsByRequest.get(checkout.getKey())).as(checkout.getKey() + "'s calls").isNotEmpty().allSatisfy(call ->
                    assertThat(TraceTree.traceparent(call).group(1)).as(checkout.getKey() + ": " + call.route() + " call #" + call.seq()
                            + " belongs to its own caller's trace").isEqualTo(checkout.getValue().getTraceId()));
        }
        java.util.Set<String> traces = callers.values().stream().map(SpanContext::getTraceId).collect(java.util.stream.Collectors.toSet());
        Waits.until(SPANS_ENDED_WITHIN, () -> spans().stream().filter(span -> span.getName().equals(CheckoutTracing.CHECKOUT_SPAN)
                        && traces.contains(span.getTraceId())).count() == callers.size(),
                () -> "C38: not every checkout's span has ended");
        TraceTree tree = new TraceTree(spans());
        for (Map.Entry<String, SpanContext> checkout : callers.entrySet()) {
            tree.everyCallIsAnAttemptUnder(callsByRequest.get(checkout.getKey()), tree.checkoutIn(checkout.getValue().getTraceId()));
        }
    }

    @Test
    @Order(39)
    @DisplayName("C39 every log line about a checkout carries its request id and trace id, whichever thread writes it")
    default void C39_everyLogLineCarriesItsCheckoutsIds() throws Exception {
        int checkouts = 12;
        CheckoutService service = openTraced();
        List<User> users = shop().data().payingUsers(orders -> orders > 0);
        Map<String, SpanContext> callers = new ConcurrentHashMap<>();
        List<String> retried = new ArrayList<>();
        String cancelled = newRequestId("C39-cancelled");
        try (CheckoutLogs logs = CheckoutLogs.capture()) {
            List<Future<CompletableFuture<Receipt>>> started = new ArrayList<>();
            ExecutorService starters = Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < checkouts; i++) {
                    User user = users.get(i % users.size());
                    String requestId = newRequestId("C39");
                    if (i % 2 == 0) {
                        // Every other checkout's first user call answers 503: a retry, logged.
                        shop().addFault(FaultRule.on(Route.USER, new Fault.Status(503)).forRequest(requestId).onAttempt(1));
                        retried.add(requestId);
                    }
                    SpanContext caller = remoteCaller();
                    callers.put(requestId, caller);
                    started.add(starters.submit(() -> {
                        try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
                            return service.checkout(new CheckoutRequest(user.id(), requestId));
                        }
                    }));
                }
                for (Future<CompletableFuture<Receipt>> checkout : started) receipt(checkout.get());
            } finally {
                starters.shutdownNow();
            }
            // One more, stopped by its caller while its user call hangs: how it ended is logged too.
            shop().addFault(FaultRule.on(Route.USER, new Fault.Hang()).forRequest(cancelled));
            SpanContext caller = remoteCaller();
            callers.put(cancelled, caller);
            CompletableFuture<Receipt> stopped;
            try (Scope ignored = Context.root().with(Span.wrap(caller)).makeCurrent()) {
                stopped = service.checkout(new CheckoutRequest(users.get(0).id(), cancelled));
            }
            Waits.until(Duration.ofSeconds(5), () -> shop().ledger().inFlight(cancelled) == 1, () -> "the hanging user call never came");
            stopped.cancel(true);

            // The line saying how each checkout ended may come just after its future completed.
            Waits.until(SPANS_ENDED_WITHIN, () -> endings(logs.lines()).size() == callers.size(),
                    () -> "a line saying how each of the " + callers.size() + " checkouts ended; got: " + logs.lines());
            List<ch.qos.logback.classic.spi.ILoggingEvent> lines = logs.lines();
            assertThat(lines).as("every line about a checkout carries that checkout's request id and its caller's trace id")
                    .allSatisfy(line -> {
                        String requestId = line.getMDCPropertyMap().get(CheckoutTracing.MDC_REQUEST_ID);
                        assertThat(callers).as(line.getFormattedMessage() + ": its MDC's request id").containsKey(requestId);
                        assertThat(line.getMDCPropertyMap().get(CheckoutTracing.MDC_TRACE_ID))
                                .as(line.getFormattedMessage() + ": its MDC's trace id").isEqualTo(callers.get(requestId).getTraceId());
                        assertThat(line.getFormattedMessage()).as("the line names its checkout").contains(requestId);
                    });
            assertThat(endings(lines)).as("a line per checkout saying how it ended").containsOnlyKeys(callers.keySet());
            assertThat(lines.stream().filter(line -> line.getFormattedMessage().contains(" ended ")))
                    .as("one line per checkout saying how it ended, not more").hasSize(callers.size());
            // The line names the attempt that failed (the first) and the wait before the next, the policy's
            // first backoff (openTraced keeps BASE's): a style that counts its attempts otherwise says so here.
            String retryLine = CheckoutTracing.spanName(Step.USER) + " attempt 1 failed";
            String backoff = "retrying in " + ContractFixture.BASE.backoffAfter(1).toMillis() + " ms";
            for (String requestId : retried) {
                assertThat(lines).as(requestId + ": a line for its retry of the user call")
                        .anySatisfy(line -> assertThat(line.getFormattedMessage()).contains(requestId, retryLine, backoff));
            }
        }
    }

    @Test
    @Order(40)
    @DisplayName("C40 a checkout that fails, or that its caller stops, ends its span, its failed step's and that step's attempts' marked failed, and the steps before it not; a refused request makes no span")
    default void C40_aFailedCheckoutEndsItsSpansMarkedFailed() {
        CheckoutService service = openTraced();
        // Refused before any call, so nothing is traced either; looked at last, when every other span has ended.
        List<CompletableFuture<Receipt>> refused = List.of(service.checkout(null),
                service.checkout(new CheckoutRequest("not a user id", newRequestId("C40-refused"))));
        User user = shop().data().userWithOpenOrders(2, 6);

        // Every payment attempt answers 503: the three steps before it succeeded, the payment failed.
        String unpaid = newRequestId("C40-unpaid");
        shop().addFault(FaultRule.on(Route.PAYMENT, new Fault.Status(503)).forRequest(unpaid));
        Outcomes.cause(service.checkout(new CheckoutRequest(user.id(), unpaid)));
        assertEndedFailedAt("C40 (payment answers 503)", unpaid, Step.PAYMENT, 503L, false);

        // Every user attempt gets its connection closed: attempts with no answer at all.
        String reset = newRequestId("C40-reset");
        shop().addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(reset));
        Outcomes.cause(service.checkout(new CheckoutRequest(user.id(), reset)));
        assertEndedFailedAt("C40 (user call reset)", reset, Step.USER, null, false);

        // Every user attempt hangs past callTimeout (BASE's 1 s, not the patient 10 s): attempts the style
        // itself gives up on, each ended failed, not left open and not passed off as stopped by the caller.
        String timedOut = newRequestId("C40-timed-out");
        shop().addFault(FaultRule.on(Route.USER, new Fault.Hang()).forRequest(timedOut));
        Outcomes.cause(openTraced(ContractFixture.BASE).checkout(new CheckoutRequest(user.id(), timedOut)));
        assertEndedFailedAt("C40 (user call timed out)", timedOut, Step.USER, null, false);

        // Stopped by its caller while its user call hangs: the attempt in flight is aborted, and it ends too.
        String stopped = newRequestId("C40-stopped");
        shop().addFault(FaultRule.on(Route.USER, new Fault.Hang()).forRequest(stopped));
        CompletableFuture<Receipt> stopping = service.checkout(new CheckoutRequest(user.id(), stopped));
        Waits.until(Duration.ofSeconds(5), () -> shop().ledger().inFlight(stopped) == 1, () -> "the hanging user call never came");
        stopping.cancel(true);
        assertEndedFailedAt("C40 (stopped by its caller)", stopped, Step.USER, null, true);

        refused.forEach(Outcomes::cause);
        assertThat(spans().stream().filter(span -> span.getName().equals(CheckoutTracing.CHECKOUT_SPAN))
                .map(span -> span.getAttributes().get(CheckoutTracing.REQUEST_ID)))
                .as("the checkouts traced: not the two refused").containsExactlyInAnyOrder(unpaid, reset, timedOut, stopped);
    }

    /**
     * Waits until the checkout's span and the attempt span each of its calls names have ended, then
     * checks them: the checkout failed; each step before {@code failedStep} succeeded, and so did
     * its attempts; {@code failedStep} failed, and so did each of its attempts, with the answer's
     * status when there was one ({@code status}) and none when there was not; no step after it. The
     * failed step's span says why: {@value CallTrace#ABORTED} when its caller stopped the checkout
     * ({@code stopped}), and only then, so a step that failed on its own is not passed off as aborted.
     */
    private void assertEndedFailedAt(String scenario, String requestId, Step failedStep, Long status, boolean stopped) {
        List<Call> calls = Traffic.settled(shop().ledger(), requestId);
        String traceId = TraceTree.traceIdOf(calls);
        java.util.Set<String> attempts = calls.stream().map(call -> TraceTree.traceparent(call).group(2))
                .collect(java.util.stream.Collectors.toSet());
        Waits.until(SPANS_ENDED_WITHIN, () -> {
                    List<SpanData> ended = spans();
                    return ended.stream().anyMatch(span -> span.getTraceId().equals(traceId) && span.getName().equals(CheckoutTracing.CHECKOUT_SPAN))
                            && ended.stream().map(SpanData::getSpanId).collect(java.util.stream.Collectors.toSet()).containsAll(attempts);
                }, () -> scenario + ": the checkout's span and an attempt span per call, ended; ended so far: "
                        + spans().stream().filter(span -> span.getTraceId().equals(traceId)).map(SpanData::getName).toList());
        TraceTree tree = new TraceTree(spans());
        SpanData checkout = tree.checkoutIn(traceId);
        tree.everyCallIsAnAttemptUnder(calls, checkout);
        assertEndedFailed(checkout, scenario + ": the checkout's span");
        for (SpanData step : tree.stepsOf(checkout)) {
            Step which = Step.valueOf(step.getAttributes().get(CheckoutTracing.STEP));
            assertThat(which).as(scenario + ": a step after the failed one").isLessThanOrEqualTo(failedStep);
            if (which == failedStep) {
                assertEndedFailed(step, scenario + ": the failed step's span");
                assertThat(step.getAttributes().get(CheckoutTracing.ERROR_TYPE).equals(CallTrace.ABORTED))
                        .as(scenario + ": the failed step's span says it was aborted (its error.type: "
                                + step.getAttributes().get(CheckoutTracing.ERROR_TYPE) + ")").isEqualTo(stopped);
            }
            else assertEndedSucceeded(step, scenario + ": the span of " + step.getName() + ", which succeeded");
        }
        for (Call call : calls) {
            SpanData attempt = tree.attemptOf(call);
            String which = scenario + ": the attempt span of " + call.route() + " call #" + call.seq();
            if (call.route().step() != failedStep) {
                assertEndedSucceeded(attempt, which);
                continue;
            }
            assertEndedFailed(attempt, which);
            assertThat(attempt.getAttributes().get(CheckoutTracing.HTTP_STATUS)).as(which + ": the status it was answered").isEqualTo(status);
        }
    }

    private static void assertEndedFailed(SpanData span, String which) {
        assertThat(span.getStatus().getStatusCode()).as(which + ": its status").isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(CheckoutTracing.ERROR_TYPE)).as(which + ": its error.type").isNotBlank();
    }

    private static void assertEndedSucceeded(SpanData span, String which) {
        assertThat(span.getStatus().getStatusCode()).as(which + ": its status").isEqualTo(StatusCode.UNSET);
    }

    /** The lines saying how a checkout ended, by request id. */
    private static Map<String, String> endings(List<ch.qos.logback.classic.spi.ILoggingEvent> lines) {
        Map<String, String> endings = new java.util.HashMap<>();
        for (ch.qos.logback.classic.spi.ILoggingEvent line : lines) {
            if (line.getFormattedMessage().contains(" ended ")) {
                endings.merge(line.getMDCPropertyMap().get(CheckoutTracing.MDC_REQUEST_ID), line.getFormattedMessage(), (a, b) -> a + " | " + b);
            }
        }
        return endings;
    }
}
