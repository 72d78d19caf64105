package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import dev.asyncrosetta.model.StyleThreads;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The {@code callbacks} style, found through ServiceLoader. */
public final class CallbacksStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "callbacks";
    }

    @Override
    public String summary() {
        return "Nested callbacks over Jetty's non-blocking HttpClient, with the guards, counters and timers that keep them correct";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        ScheduledThreadPoolExecutor timer = newTimer();
        try {
            return new CallbacksCheckout(shopBaseUri, policy, timer, new CheckoutTracing(name(), openTelemetry));
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /** Pays with Kafka's send(record, Callback) from a publishing thread of its own; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        Objects.requireNonNull(payments, "payments");
        ScheduledThreadPoolExecutor timer = newTimer();
        try {
            return new CallbacksCheckout(shopBaseUri, policy, timer, payments, new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    // side-by-side: begin threads
    /**
     * One thread for every timer of the style: Jetty's request timeouts, the backoffs, the deadlines.
     * Its factory is {@link StyleThreads}, whose names say whose thread it is (callbacks-timer-n).
     */
    static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, StyleThreads.named("callbacks-timer-"));
        timer.setRemoveOnCancelPolicy(true); // most timers are cancelled early and must not pile up in the queue
        return timer;
    }
    // side-by-side: end threads
}
