package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;

/** The {@code rxjava} style, found through ServiceLoader. */
public final class RxJavaStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "rxjava";
    }

    @Override
    public String summary() {
        return "An RxJava 3 Single chain over a cancellable bridge to java.net.http.HttpClient.sendAsync, on one thread of its own per service";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return RxJavaCheckout.open(shopBaseUri, policy);
    }
}
