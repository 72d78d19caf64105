package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Objects;

/** The {@code vertx} style, found through ServiceLoader. */
public final class VertxStyle implements BrokerPaymentStyle {

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
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new VertxCheckout(shopBaseUri, policy, Vertx.vertx());
    }
    // side-by-side: end threads

    /**
     * Pays with vertx-kafka-client's producer, whose send runs on a worker and completes on the
     * checkout's context; see BrokerPublisher.
     */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        Objects.requireNonNull(payments, "payments");
        Vertx vertx = Vertx.vertx();
        try {
            return new VertxCheckout(shopBaseUri, policy, vertx, payments);
        } catch (RuntimeException e) {
            vertx.close(); // a producer or consumer the configuration refuses: leave no event loop behind
            throw e;
        }
    }
}
