package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import java.net.URI;
import java.util.Objects;

/** The {@code reactor} style, found through ServiceLoader. */
public final class ReactorStyle implements BrokerPaymentStyle {

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

    /** Pays with a KafkaProducer behind a Mono.create adapter; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return ReactorCheckout.overBroker(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"));
    }
}
