package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import dev.asyncrosetta.reactor.ReactorCheckout.DetailsFanOut;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/** The {@code reactor} style, found through ServiceLoader. */
public final class ReactorStyle implements BrokerPaymentStyle, TracedCheckoutStyle {

    @Override
    public String name() {
        return "reactor";
    }

    @Override
    public String summary() {
        return "One Reactor operator chain (Mono/Flux) over reactor-netty's HttpClient, on its own event loops and timer";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return ReactorCheckout.overHttp(shopBaseUri, policy, DetailsFanOut.FLAT_MAP_SEQUENTIAL, new CheckoutTracing(name(), openTelemetry));
    }

    /** Pays with a KafkaProducer behind a Mono.create adapter; see BrokerPublisher. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return ReactorCheckout.overBroker(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"),
                DetailsFanOut.FLAT_MAP_SEQUENTIAL, new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
    }

    /** The bench measures the sliding window beside this style: see {@link #slidingWindow()}. */
    @Override
    public List<CheckoutStyle> benchVariants() {
        return List.of(slidingWindow());
    }

    /**
     * The same workflow with its details fanned out in a sliding window rather than by
     * flatMapSequential, for the benchmark's level field. Not registered: ServiceLoader, and so every
     * tool that lists the styles, finds only the idiom above.
     */
    public static CheckoutStyle slidingWindow() {
        return new SlidingWindow();
    }

    private static final class SlidingWindow implements BrokerPaymentStyle, TracedCheckoutStyle {

        @Override
        public String name() {
            return "reactor (sliding window)";
        }

        @Override
        public String summary() {
            return "The reactor style with a sliding-window fan-out (flatMap over indexed orders, sorted back), for benchmarks";
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
            return ReactorCheckout.overHttp(shopBaseUri, policy, DetailsFanOut.SLIDING_WINDOW, new CheckoutTracing(name(), openTelemetry));
        }

        @Override
        public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
            return ReactorCheckout.overBroker(shopBaseUri, policy, Objects.requireNonNull(payments, "payments"),
                    DetailsFanOut.SLIDING_WINDOW, new CheckoutTracing(name(), GlobalOpenTelemetry.get()));
        }
    }
}
