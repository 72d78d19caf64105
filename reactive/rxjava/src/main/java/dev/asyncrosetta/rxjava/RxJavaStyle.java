package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import java.net.URI;
import java.util.Objects;

/** The {@code rxjava} style, found through ServiceLoader. */
public final class RxJavaStyle implements BrokerPaymentStyle {

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

    /** Pays with a KafkaProducer behind Single.create, signalling on the service's one thread; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return RxJavaCheckout.open(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"));
    }
}
