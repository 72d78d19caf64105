package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A style paying through the broker instead of {@code POST /payments}, measured beside the same style
 * over HTTP: a {@link CheckoutStyle} so that the bench runs it exactly as it runs a style, never
 * registered as one. The checkout ends when the broker has acknowledged the payment request
 * ({@link BrokerPayments.Mode#FIRE_AND_CARRY_ON}); the payment service charges it in the shop's JVM.
 */
record BrokerPath(BrokerPaymentStyle style, BrokerPayments payments) implements CheckoutStyle {
    private static final String SUFFIX = " via broker";

    /** One for each of {@code styles} that can pay through the broker, in their order. */
    static List<CheckoutStyle> forStyles(List<CheckoutStyle> styles, BrokerPayments payments) {
        return styles.stream().filter(BrokerPaymentStyle.class::isInstance)
                .<CheckoutStyle>map(style -> new BrokerPath((BrokerPaymentStyle) style, payments)).toList();
    }

    /** The style a broker path's name is of: "futures via broker" is futures'. */
    static Optional<String> styleOf(String name) {
        return name.endsWith(SUFFIX) ? Optional.of(name.substring(0, name.length() - SUFFIX.length())) : Optional.empty();
    }

    @Override
    public String name() {
        return style.name() + SUFFIX;
    }

    @Override
    public String summary() {
        return style.name() + ", publishing the payment request on Kafka and carrying on once the broker has it";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return style.open(shopBaseUri, policy, payments);
    }
}
