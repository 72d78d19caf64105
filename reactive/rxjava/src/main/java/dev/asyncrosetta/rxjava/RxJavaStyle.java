package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import dev.asyncrosetta.rxjava.RxJavaCheckout.DetailsFanOut;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** The {@code rxjava} style, found through ServiceLoader. */
public final class RxJavaStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "rxjava";
    }

    @Override
    public String summary() {
        return "An RxJava 3 Single chain over a cancellable bridge to java.net.http.HttpClient.sendAsync, on one thread of its own per service";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return RxJavaCheckout.open(shopBaseUri, policy, DetailsFanOut.CONCAT_MAP_EAGER, new CheckoutTracing(name(), openTelemetry));
    }

    /** Pays with a KafkaProducer behind Single.create, signalling on the service's one thread; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return RxJavaCheckout.open(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"), DetailsFanOut.CONCAT_MAP_EAGER,
                new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
    }

    /** The bench measures the sliding window beside this style: see {@link #slidingWindow()}. */
    @Override
    public List<CheckoutStyle> benchVariants() {
        return List.of(slidingWindow());
    }

    /**
     * The same workflow with its details fanned out in a sliding window rather than by
     * concatMapEager, for the benchmark's level field. Not registered: ServiceLoader, and so every
     * tool that lists the styles, finds only the idiom above.
     */
    public static CheckoutStyle slidingWindow() {
        return new SlidingWindow();
    }

    private static final class SlidingWindow implements BrokerPaymentStyle, TracedCheckoutStyle {

        @Override
        public String name() {
            return "rxjava (sliding window)";
        }

        @Override
        public String summary() {
            return "The rxjava style with a sliding-window fan-out (flatMapSingle over indexed orders, sorted back), for benchmarks";
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
            return RxJavaCheckout.open(shopBaseUri, policy, DetailsFanOut.SLIDING_WINDOW, new CheckoutTracing(name(), openTelemetry));
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
            return RxJavaCheckout.open(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"), DetailsFanOut.SLIDING_WINDOW,
                    new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
        }
    }
}
