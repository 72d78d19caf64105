package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.app.KafkaOptions;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.payments.PaymentService;
import java.net.URI;

/**
 * The style publishes the payment request on Kafka and carries on ({@link BrokerPayments.Mode#FIRE_AND_CARRY_ON}):
 * the checkout completes once the broker has the request, and the payment service charges it when it
 * can. The outage is that service paused: it stays in its consumer group and takes nothing, so the
 * requests wait in the topic until it resumes.
 */
final class PaymentThroughBroker implements PaymentPath {
    private final URI shop;
    private final CheckoutPolicy policy;
    private final BrokerPayments payments;
    private final PaymentService service;

    PaymentThroughBroker(URI shop, CheckoutPolicy policy, KafkaCluster kafka, PaymentTopics topics, PaymentService service) {
        this.shop = shop;
        this.policy = policy;
        this.payments = new BrokerPayments(KafkaOptions.clientSettings(kafka), topics, BrokerPayments.Mode.FIRE_AND_CARRY_ON);
        this.service = service;
    }

    @Override
    public String label() {
        return "broker, fire and carry on";
    }

    @Override
    public String outageDescription() {
        return "the payment service paused: requests wait in " + payments.topics().requests();
    }

    @Override
    public boolean supports(CheckoutStyle style) {
        return style instanceof BrokerPaymentStyle;
    }

    @Override
    public CheckoutService open(CheckoutStyle style) {
        return ((BrokerPaymentStyle) style).open(shop, policy, payments);
    }

    @Override
    public void stopPaymentService() {
        service.pause();
    }

    @Override
    public void restorePaymentService() {
        service.resume();
    }
}
