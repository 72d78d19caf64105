package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.net.URI;
import java.util.Objects;

/** The {@code futures} style, found through ServiceLoader. */
public final class FuturesStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "futures";
    }

    @Override
    public String summary() {
        return "CompletableFuture composition over java.net.http.HttpClient.sendAsync, on its own executor";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return new FuturesCheckout(shopBaseUri, policy, new CheckoutTracing(name(), openTelemetry));
    }

    /** Pays with a KafkaProducer whose send callback completes a CompletableFuture; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return new FuturesCheckout(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"),
                new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
    }
}
