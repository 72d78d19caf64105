package dev.asyncrosetta.reactor;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.reactor.v3_1.ContextPropagationOperator;
import reactor.util.context.ContextView;

/**
 * Where the checkout's trace context lives in a Reactor chain: in the subscriber's Context, under
 * the key OpenTelemetry's Reactor instrumentation uses, written with {@code contextWrite} where a
 * span starts and read with {@code deferContextual} where one is needed. It travels with the
 * subscription, not with a thread, so no thread hop can lose it. (The instrumentation's global
 * hooks, which copy it to thread-locals around every operator, are left off: nothing here reads the
 * thread's current context.)
 */
final class ReactorTracing {
    private ReactorTracing() {}

    /** The trace context the subscriber carries, or the root context if it carries none. */
    static Context current(ContextView subscriber) {
        return ContextPropagationOperator.getOpenTelemetryContextFromContextView(subscriber, Context.root());
    }

    /** The subscriber's Context with this trace context in it. */
    static reactor.util.context.Context with(reactor.util.context.Context subscriber, Context trace) {
        return ContextPropagationOperator.storeOpenTelemetryContext(subscriber, trace);
    }
}
