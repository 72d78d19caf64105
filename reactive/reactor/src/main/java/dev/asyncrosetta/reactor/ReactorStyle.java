package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;

/** The {@code reactor} style, found through ServiceLoader. */
public final class ReactorStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "reactor";
    }

    @Override
    public String summary() {
        return "One Reactor operator chain (Mono/Flux) over reactor-netty's HttpClient, on its own event loops and timer";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return ReactorCheckout.overHttp(shopBaseUri, policy);
    }
}
