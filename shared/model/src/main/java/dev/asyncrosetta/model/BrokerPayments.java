package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * How a style pays through the broker instead of calling {@code POST /payments} itself: it publishes a
 * {@link PaymentRequestMessage} on {@code topics.requests()} (keyed by the checkout's request id, with an
 * idempotent producer and {@code acks=all}), and the payment service charges the shop. docs/CONTRACT.md,
 * "Paying through the broker", has the rules and scenarios M1-M6.
 *
 * @param clientProperties how to reach the cluster: {@code bootstrap.servers}, and TLS or SASL settings
 *                         if it needs them. The style adds what the contract requires (acks, idempotence,
 *                         serializers, timeouts from the {@link CheckoutPolicy}) and those win over these.
 * @param topics           where requests go and outcomes come from
 * @param mode             when the checkout completes: see {@link Mode}
 */
public record BrokerPayments(Map<String, String> clientProperties, PaymentTopics topics, Mode mode) {

    /** When a checkout that pays through the broker completes. */
    public enum Mode {
        /**
         * As soon as the broker has acknowledged the payment request: the receipt's payment is
         * {@linkplain Receipt#pendingPayment() pending}, the payment service charges it later.
         */
        FIRE_AND_CARRY_ON,
        /**
         * When the payment's {@link PaymentOutcome} arrives: PAID gives the paid receipt, DECLINED a
         * {@link PaymentDeclinedException}, FAILED a {@link DownstreamException} of kind PAYMENT_FAILED.
         * If the deadline comes first, after the broker acknowledged the request, the receipt says the
         * payment is pending: it was not refused, it is only late, and it will be charged once.
         */
        AWAIT_OUTCOME
    }

    public BrokerPayments {
        clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties"));
        requireNonNull(topics, "topics");
        requireNonNull(mode, "mode");
        if (!clientProperties.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("clientProperties must name bootstrap.servers");
        }
    }
}
