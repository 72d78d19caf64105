package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import dev.asyncrosetta.model.StyleThreads;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.util.Objects;

/** The {@code vertx} style, found through ServiceLoader. */
public final class VertxStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public String summary() {
        return "Vert.x futures composed on one event-loop context per checkout, over Vert.x core's HttpClient";
    }

    // side-by-side: begin threads
    /** Each service gets a Vert.x instance of its own, and closes it. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return new VertxCheckout(shopBaseUri, policy, newVertx(), new CheckoutTracing(name(), openTelemetry));
    }

    /** Vert.x's default event loops (twice the cores), unless StyleThreads.IO_THREADS_PROPERTY sets them. */
    private static Vertx newVertx() {
        return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(StyleThreads.ioThreads(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)));
    }
    // side-by-side: end threads

    /**
     * Pays with vertx-kafka-client's producer, whose send runs on a worker and completes on the
     * checkout's context; see BrokerPublisher.
     */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        Objects.requireNonNull(payments, "payments");
        Vertx vertx = newVertx();
        try {
            return new VertxCheckout(shopBaseUri, policy, vertx, payments, new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
        } catch (RuntimeException e) {
            vertx.close(); // a producer or consumer the configuration refuses: leave no event loop behind
            throw e;
        }
    }
}
