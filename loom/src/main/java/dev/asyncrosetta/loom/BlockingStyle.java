package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.OpenTelemetry;
import dev.asyncrosetta.model.StyleThreads;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The {@code blocking} style, found through ServiceLoader: the same code as virtual-threads, on
 * fixed pools of platform threads, the thread-per-request model async styles were invented to beat.
 * A checkout holds a request thread for its whole run, as a servlet holds a container thread, and
 * forks its detail calls onto a second pool, as such an application hands parallel calls to an
 * executor of its own. One pool for both would deadlock under load: every thread busy with a
 * checkout that waits for detail calls queued behind other checkouts.
 *
 * <p>A checkout that reaches the payment hands it to a third pool and frees its request thread: the
 * bulkhead pattern on threads. A payment service that hangs then fills the payment pool, not the
 * request pool, and checkouts that need no payment keep their normal latency (the contract's R4).
 *
 * <p>The request and fan-out pools hold {@value #DEFAULT_POOL_SIZE} threads unless the system properties
 * {@value #REQUEST_THREADS_PROPERTY} and {@value #FAN_OUT_THREADS_PROPERTY} or the constructor say
 * otherwise, and so does the payment pool ({@value #PAYMENT_THREADS_PROPERTY}). Checkouts beyond the
 * request pool wait in its queue, already on their deadline's clock; payments beyond the payment pool
 * in its queue, which is where a payment bulkhead's wait starts: a payment that waits for a place
 * holds a payment thread.
 */
public final class BlockingStyle implements BrokerPaymentStyle, TracedCheckoutStyle {
    /** Tomcat's default maxThreads. */
    public static final int DEFAULT_POOL_SIZE = 200;
    public static final String REQUEST_THREADS_PROPERTY = "rosetta.blocking.requestThreads";
    public static final String FAN_OUT_THREADS_PROPERTY = "rosetta.blocking.fanOutThreads";
    public static final String PAYMENT_THREADS_PROPERTY = "rosetta.blocking.paymentThreads";
    /** The HttpClient's executor only runs the client's own short steps; the calling threads wait for their answers. */
    static final int HTTP_CLIENT_THREADS = 2;

    private final int requestThreads;
    private final int fanOutThreads;
    private final int paymentThreads;

    /** What ServiceLoader calls: pool sizes from the system properties, else {@value #DEFAULT_POOL_SIZE} each. */
    public BlockingStyle() {
        this(Integer.getInteger(REQUEST_THREADS_PROPERTY, DEFAULT_POOL_SIZE),
                Integer.getInteger(FAN_OUT_THREADS_PROPERTY, DEFAULT_POOL_SIZE),
                Integer.getInteger(PAYMENT_THREADS_PROPERTY, DEFAULT_POOL_SIZE));
    }

    public BlockingStyle(int requestThreads, int fanOutThreads, int paymentThreads) {
        if (requestThreads < 1 || fanOutThreads < 1 || paymentThreads < 1) {
            throw new IllegalArgumentException("pool sizes must be positive: " + requestThreads + ", " + fanOutThreads + ", " + paymentThreads);
        }
        this.requestThreads = requestThreads;
        this.fanOutThreads = fanOutThreads;
        this.paymentThreads = paymentThreads;
    }

    @Override
    public String name() {
        return "blocking";
    }

    @Override
    public String summary() {
        return "plain sequential blocking code over the JDK HttpClient, on fixed pools of platform threads";
    }

    // side-by-side: begin threads
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return new LoomCheckout(shopBaseUri, policy, new Threads(
                Executors.newFixedThreadPool(requestThreads, StyleThreads.named("blocking-request-")),
                Executors.newFixedThreadPool(fanOutThreads, StyleThreads.named("blocking-fan-out-")),
                Executors.newFixedThreadPool(paymentThreads, StyleThreads.named("blocking-payment-")),
                Executors.newFixedThreadPool(HTTP_CLIENT_THREADS, StyleThreads.named("blocking-http-")),
                new ScheduledThreadPoolExecutor(1, StyleThreads.named("blocking-deadlines-"))),
                new CheckoutTracing(name(), openTelemetry));
    }
    // side-by-side: end threads

    /** The same threads, paying through the broker with send(...).get() on the checkout's own thread. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        Objects.requireNonNull(payments, "payments");
        return ((LoomCheckout) open(shopBaseUri, policy)).payingThroughBroker(payments, "blocking-");
    }

    /**
     * Every platform thread one open service may start: the three pools, the client's executor, the
     * deadline timer, and the HttpClient's selector thread.
     */
    public int platformThreads() {
        return requestThreads + fanOutThreads + paymentThreads + HTTP_CLIENT_THREADS + 1 + 1;
    }
}
