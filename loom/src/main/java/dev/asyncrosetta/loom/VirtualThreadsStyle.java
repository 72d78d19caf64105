package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The {@code virtual-threads} style, found through ServiceLoader: a new virtual thread for every
 * task, the checkouts, their detail calls, the HTTP client's own steps and the deadline timer alike.
 * No pool to size: a virtual thread waiting for an answer leaves its carrier free for others.
 */
public final class VirtualThreadsStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "virtual-threads";
    }

    @Override
    public String summary() {
        return "plain sequential blocking code over the JDK HttpClient, a virtual thread per task";
    }

    // side-by-side: begin threads
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return new LoomCheckout(shopBaseUri, policy, new Threads(
                perTask("loom-checkout-"),
                perTask("loom-details-"),
                perTask("loom-payment-"),
                perTask("loom-http-"),
                new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("loom-deadlines-", 1).factory())),
                new CheckoutTracing(name(), openTelemetry));
    }

    /** Named, so that a thread dump ({@code jcmd <pid> Thread.dump_to_file}) tells whose they are. */
    private static ExecutorService perTask(String prefix) {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory());
    }
    // side-by-side: end threads

    /** The same threads, paying through the broker with send(...).get() on the checkout's own thread. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        Objects.requireNonNull(payments, "payments");
        return ((LoomCheckout) open(shopBaseUri, policy)).payingThroughBroker(payments, "loom-");
    }
}
