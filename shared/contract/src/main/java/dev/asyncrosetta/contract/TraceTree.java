package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.model.CheckoutTracing;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One checkout's trace as the shop and the exporter saw it, checked against the tree every traced
 * style must make: the caller's span, the checkout, a span per step, a client span per attempt, and
 * each call to the shop carrying its own attempt's span as the parent.
 */
final class TraceTree {
    /** W3C Trace Context, version 00: version, trace id, parent (span) id, flags. */
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Map<String, SpanData> spans;
    private final Map<String, List<SpanData>> checkoutsByTrace;
    private final Map<String, List<SpanData>> children;

    /** @param spans every span exported so far, from any checkout, indexed once for however many checkouts are checked */
    TraceTree(List<SpanData> spans) {
        this.spans = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity(), (a, b) -> a));
        this.checkoutsByTrace = spans.stream().filter(span -> span.getName().equals(CheckoutTracing.CHECKOUT_SPAN))
                .collect(Collectors.groupingBy(SpanData::getTraceId));
        this.children = spans.stream().collect(Collectors.groupingBy(SpanData::getParentSpanId));
    }

    /** The trace id every call of the checkout carried; fails unless they all carried the same well-formed one. */
    static String traceIdOf(List<Call> calls) {
        assertThat(calls).as("the checkout's calls").isNotEmpty();
        List<String> traceIds = calls.stream().map(call -> traceparent(call).group(1)).distinct().toList();
        assertThat(traceIds).as("the trace ids the checkout's calls carried").hasSize(1);
        return traceIds.get(0);
    }

    /**
     * Checks every call against the tree under {@code checkout}: its traceparent names the checkout's
     * trace, is sampled as the checkout is, and names as its parent a client span of its route that
     * is a child of the right step's span, itself a child of the checkout's span. No two calls name
     * the same attempt.
     */
    void everyCallIsAnAttemptUnder(List<Call> calls, SpanData checkout) {
        assertThat(calls).as("the checkout's calls").isNotEmpty();
        // Sampled as the checkout is, and the rest of its flags too (level 2's "random trace id" on a root).
        String flags = checkout.getSpanContext().getTraceFlags().asHex();
        for (Call call : calls) {
            Matcher parent = traceparent(call);
            String which = call.route() + " call #" + call.seq() + " (" + call.traceparent() + ")";
            assertThat(parent.group(1)).as(which + ": its trace id").isEqualTo(checkout.getTraceId());
            assertThat(parent.group(3)).as(which + ": its flags (the checkout's)").isEqualTo(flags);
            SpanData attempt = spans.get(parent.group(2));
            assertThat(attempt).as(which + ": the span it names as its parent was exported").isNotNull();
            assertThat(attempt.getKind()).as(which + ": its span's kind").isEqualTo(SpanKind.CLIENT);
            assertThat(attempt.getName()).as(which + ": its span's name").isEqualTo(call.route().method() + " " + call.route().template());
            SpanData step = spans.get(attempt.getParentSpanId());
            assertThat(step).as(which + ": its attempt's parent, a step span, was exported").isNotNull();
            assertThat(step.getName()).as(which + ": the step its attempt belongs to").isEqualTo(CheckoutTracing.spanName(call.route().step()));
            assertThat(step.getParentSpanId()).as(which + ": its step's parent is the checkout").isEqualTo(checkout.getSpanId());
            assertThat(step.getTraceId()).isEqualTo(checkout.getTraceId());
        }
        assertThat(calls.stream().map(call -> traceparent(call).group(2)).distinct().count())
                .as("distinct attempt spans named by the %d calls: a retry is an attempt of its own", calls.size())
                .isEqualTo(calls.size());
        List<String> steps = stepsOf(checkout).stream().map(SpanData::getName).toList();
        assertThat(steps).as("the checkout's step spans: one per step it took").doesNotHaveDuplicates();
    }

    /** The spans ended as the checkout's children: its steps. */
    List<SpanData> stepsOf(SpanData checkout) {
        return children.getOrDefault(checkout.getSpanId(), List.of());
    }

    /** The ended span the call names as its parent: its attempt; fails if there is none. */
    SpanData attemptOf(Call call) {
        SpanData attempt = spans.get(traceparent(call).group(2));
        assertThat(attempt).as(call.route() + " call #" + call.seq() + ": its attempt's span was exported").isNotNull();
        return attempt;
    }

    /** The checkout's span: the one span named "checkout" in this trace. */
    SpanData checkoutIn(String traceId) {
        List<SpanData> checkouts = checkoutsByTrace.getOrDefault(traceId, List.of());
        assertThat(checkouts).as("checkout spans in trace " + traceId).hasSize(1);
        return checkouts.get(0);
    }

    static Matcher traceparent(Call call) {
        assertThat(call.traceparent()).as(call.route() + " call #" + call.seq() + ": its traceparent header").isNotNull();
        Matcher matcher = TRACEPARENT.matcher(call.traceparent());
        assertThat(matcher.matches()).as(call.route() + " call #" + call.seq() + ": a W3C traceparent, got " + call.traceparent()).isTrue();
        return matcher;
    }
}
