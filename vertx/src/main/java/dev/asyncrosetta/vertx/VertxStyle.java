package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import io.vertx.core.Vertx;
import java.net.URI;

/** The {@code vertx} style, found through ServiceLoader. */
public final class VertxStyle implements CheckoutStyle {

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
}
