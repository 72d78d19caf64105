package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The spans every traced style makes, named and described the same way in each, so that two styles'
 * traces of one checkout differ only where the styles do: when and on which thread.
 *
 * <pre>
 * checkout                      INTERNAL, child of the caller's context, ends with the outcome
 *   fetch user                  INTERNAL, one per step, ends when the step has its answer (or fails)
 *     GET /users/{id}           CLIENT, one per HTTP attempt; its traceparent is what the shop sees
 *     GET /users/{id}           ... a retry is another attempt under the same step
 *   fetch orders
 *   fetch details               one step span for the whole fan-out; an attempt per detail call
 *   pay
 * </pre>
 *
 * <p>Which context is current on which thread is the style's business: these methods take the parent
 * explicitly, so that each style shows where its context comes from.
 *
 * <p>The log lines an operator wants about a checkout, each retry and how it ended (an abort
 * included), are written here too, on logger {@code dev.asyncrosetta.checkout.<style>}, with the
 * checkout's request id and trace id in SLF4J's MDC ({@value #MDC_REQUEST_ID}, {@value #MDC_TRACE_ID})
 * for the line's duration, whichever thread writes it: the ids come from the context the style
 * carried there, not from the thread.
 */
public final class CheckoutTracing {
    /** The instrumentation scope every style's tracer is named after. */
    public static final String INSTRUMENTATION_SCOPE = "dev.asyncrosetta.checkout";
    public static final String CHECKOUT_SPAN = "checkout";
    public static final AttributeKey<String> STYLE = AttributeKey.stringKey("rosetta.style");
    public static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("rosetta.request_id");
    public static final AttributeKey<String> STEP = AttributeKey.stringKey("rosetta.step");
    /** OpenTelemetry's HTTP semantic conventions for the attempts. */
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    public static final String MDC_REQUEST_ID = "requestId";
    public static final String MDC_TRACE_ID = "traceId";
    /** Every style's checkout log lines are under it: {@code dev.asyncrosetta.checkout.futures}, .... */
    public static final String LOGGER_PREFIX = "dev.asyncrosetta.checkout.";

    private final String style;
    private final Tracer tracer;
    private final OpenTelemetry openTelemetry;
    private final Logger log;

    public CheckoutTracing(String style, OpenTelemetry openTelemetry) {
        this.style = requireNonNull(style, "style");
        this.openTelemetry = requireNonNull(openTelemetry, "openTelemetry");
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.log = LoggerFactory.getLogger(LOGGER_PREFIX + style.replaceAll("[^A-Za-z0-9-]", "-"));
    }

    /** The step's span name: "fetch user", "fetch orders", "fetch details", "pay". */
    public static String spanName(Step step) {
        return switch (step) {
            case USER -> "fetch user";
            case ORDERS -> "fetch orders";
            case DETAILS -> "fetch details";
            case PAYMENT -> "pay";
        };
    }

    /** The checkout's span, a child of {@code parent} (the caller's context), or a new trace's root when it has none. */
    public Span startCheckout(Context parent, String requestId) {
        return tracer.spanBuilder(CHECKOUT_SPAN).setParent(parent)
                .setAttribute(STYLE, style).setAttribute(REQUEST_ID, requestId).startSpan();
    }

    public Span startStep(Context parent, Step step) {
        return tracer.spanBuilder(spanName(step)).setParent(parent).setAttribute(STEP, step.name()).startSpan();
    }

    /**
     * An HTTP attempt's client span, named after the route's template as OpenTelemetry's HTTP
     * conventions ask ("GET /users/{id}": one name per route, not per user).
     */
    public Span startAttempt(Context parent, Step step, URI uri) {
        String method = step == Step.PAYMENT ? "POST" : "GET";
        return tracer.spanBuilder(method + " " + routeTemplate(step)).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(HTTP_METHOD, method).setAttribute(URL_FULL, uri.toString()).setAttribute(STEP, step.name()).startSpan();
    }

    /** The shop's route a step calls, as a template. */
    public static String routeTemplate(Step step) {
        return switch (step) {
            case USER -> "/users/{id}";
            case ORDERS -> "/users/{id}/orders";
            case DETAILS -> "/orders/{id}/details";
            case PAYMENT -> ShopApi.PAYMENTS_PATH;
        };
    }

    /**
     * Writes the W3C trace context of {@code attempt} (its span as the parent the server sees) as
     * headers, through the propagators of this OpenTelemetry.
     */
    public void inject(Context attempt, BiConsumer<String, String> header) {
        openTelemetry.getPropagators().getTextMapPropagator().inject(attempt, header, (carrier, key, value) -> carrier.accept(key, value));
    }

    /** Ends an attempt that got an answer with this status. */
    public static void answered(Span attempt, int status) {
        attempt.setAttribute(HTTP_STATUS, status);
        if (status >= 400) {
            attempt.setAttribute(ERROR_TYPE, Integer.toString(status));
            attempt.setStatus(StatusCode.ERROR);
        }
        attempt.end();
    }

    /**
     * Ends the checkout's span with its outcome, and logs how it ended: paid (or nothing to pay) at
     * INFO; failed, aborted by its caller or its deadline, or refused, at WARN with the failure.
     */
    public void checkoutEnded(Span checkout, String requestId, Throwable failure) {
        if (failure == null) {
            succeeded(checkout);
            if (log.isInfoEnabled()) logged(checkout, requestId, () -> log.info("checkout {} ended with a receipt", requestId));
        } else {
            failed(checkout, failure);
            if (log.isWarnEnabled()) {
                logged(checkout, requestId, () -> log.warn("checkout {} ended without a receipt: {}", requestId, describe(failure)));
            }
        }
    }

    /**
     * Logs that a call of this step failed transiently and is tried again after {@code backoff}.
     *
     * @param step the step's context, as the style carried it to where it decides to retry
     */
    public void retrying(Context step, String requestId, Step which, int failedAttempt, Throwable failure, java.time.Duration backoff) {
        if (!log.isInfoEnabled()) return; // the MDC's work is not done for a line nobody keeps
        logged(Span.fromContext(step), requestId, () -> log.info("checkout {}: {} attempt {} failed ({}), retrying in {} ms",
                requestId, spanName(which), failedAttempt, describe(failure), backoff.toMillis()));
    }

    /** Writes one line with the checkout's ids in the MDC, restoring what the thread had there before. */
    private static void logged(Span span, String requestId, Runnable line) {
        String requestIdBefore = MDC.get(MDC_REQUEST_ID);
        String traceIdBefore = MDC.get(MDC_TRACE_ID);
        MDC.put(MDC_REQUEST_ID, requestId);
        MDC.put(MDC_TRACE_ID, span.getSpanContext().getTraceId());
        try {
            line.run();
        } finally {
            restore(MDC_REQUEST_ID, requestIdBefore);
            restore(MDC_TRACE_ID, traceIdBefore);
        }
    }

    private static void restore(String key, String before) {
        if (before == null) MDC.remove(key);
        else MDC.put(key, before);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Ends a span whose work succeeded. */
    public static void succeeded(Span span) {
        span.end();
    }

    /** Ends a span whose work failed (an attempt with no answer, a step or checkout that failed), saying why. */
    public static void failed(Span span, Throwable failure) {
        span.setAttribute(ERROR_TYPE, CallTrace.outcomeOf(failure));
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        span.end();
    }
}
