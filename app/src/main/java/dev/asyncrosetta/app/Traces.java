package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The traces of a command's checkouts: an OpenTelemetry SDK of the command's own, keeping every span
 * in memory for the command to print, and sending them to an OpenTelemetry collector too when given
 * one ({@code --otlp}, OTLP over HTTP). The styles are opened with it; nothing global is set.
 */
final class Traces implements AutoCloseable {
    private final Kept kept = new Kept();
    private final OpenTelemetrySdk sdk;

    /** @param otlp a collector's OTLP/HTTP traces endpoint (e.g. http://localhost:4318/v1/traces), or null */
    Traces(URI otlp) {
        SdkTracerProviderBuilder tracer = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "async-rosetta"))))
                .addSpanProcessor(SimpleSpanProcessor.create(kept));
        if (otlp != null) {
            tracer.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(otlp.toString()).build()).build());
        }
        this.sdk = OpenTelemetrySdk.builder().setTracerProvider(tracer.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    }

    /** The style opened traced with this SDK (every registered style is a TracedCheckoutStyle). */
    CheckoutService open(CheckoutStyle style, URI shop, CheckoutPolicy policy) {
        return style instanceof TracedCheckoutStyle traced ? traced.open(shop, policy, sdk) : style.open(shop, policy);
    }

    /** Every span of the trace whose checkout span has this request id, in the order they started. */
    List<SpanData> ofCheckout(String requestId) {
        List<SpanData> all = kept.spans();
        String traceId = all.stream()
                .filter(span -> span.getName().equals(CheckoutTracing.CHECKOUT_SPAN)
                        && requestId.equals(span.getAttributes().get(CheckoutTracing.REQUEST_ID)))
                .map(SpanData::getTraceId).findFirst().orElse(null);
        return all.stream().filter(span -> span.getTraceId().equals(traceId))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    /** Sends what is left to the collector (waiting a few seconds at most) and stops. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
    }

    /** The exporter that keeps the spans for the command. */
    private static final class Kept implements SpanExporter {
        private final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> ended) {
            spans.addAll(ended);
            return CompletableResultCode.ofSuccess();
        }

        synchronized List<SpanData> spans() {
            return List.copyOf(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
