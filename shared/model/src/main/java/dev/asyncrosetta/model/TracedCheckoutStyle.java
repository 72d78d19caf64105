package dev.asyncrosetta.model;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;

/**
 * A style whose checkouts carry the caller's trace context (issue 20, docs/CONTRACT.md "The request's
 * context"): the context current when {@code checkout} is called is the parent of the checkout's
 * span, each step gets a span, each HTTP attempt a client span, and every request carries the W3C
 * {@code traceparent} of its attempt's span. The spans and their names are {@link CheckoutTracing}'s,
 * the same in every style; how the context reaches the thread that makes the call is the style's.
 * Callers find out whether a style has it with {@code style instanceof TracedCheckoutStyle}.
 */
public interface TracedCheckoutStyle extends CheckoutStyle {

    /** Traced through {@link GlobalOpenTelemetry}: a no-op until the application installs an SDK there. */
    @Override
    default CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return open(shopBaseUri, policy, GlobalOpenTelemetry.get());
    }

    /** A service whose checkouts are traced with this OpenTelemetry's tracer and propagators. */
    CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry);
}
