package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;

/** The {@code futures} style, found through ServiceLoader. */
public final class FuturesStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "futures";
    }

    @Override
    public String summary() {
        return "CompletableFuture composition over java.net.http.HttpClient.sendAsync, on its own executor";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new FuturesCheckout(shopBaseUri, policy);
    }
}
