package dev.asyncrosetta.payments;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.model.User;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One test's payment service with topics and a group of its own, the checkout's publisher and an
 * outcome reader on those topics. Closing closes all three.
 */
final class PaymentRig implements AutoCloseable {
    final ShopBackend shop;
    final PaymentTopics topics;
    final PaymentService service;
    final RequestPublisher requests;
    final OutcomeReader outcomes;

    private PaymentRig(ShopBackend shop, PaymentTopics topics, PaymentService service, RequestPublisher requests, OutcomeReader outcomes) {
        this.shop = shop;
        this.topics = topics;
        this.service = service;
        this.requests = requests;
        this.outcomes = outcomes;
    }

    static PaymentRig start(KafkaCluster kafka, KafkaNames names, ShopBackend shop, UnaryOperator<PaymentServiceBuilder> settings) {
        PaymentTopics topics = new PaymentTopics(names.topic(), names.topic());
        PaymentService service = settings.apply(PaymentService.builder(kafka, shop.baseUri())
                .topics(topics).group(names.group()).partitions(2)).start();
        return new PaymentRig(shop, topics, service, new RequestPublisher(kafka, topics.requests()),
                new OutcomeReader(kafka, topics.outcomes(), names.group()));
    }

    static PaymentRig start(KafkaCluster kafka, KafkaNames names, ShopBackend shop) {
        return start(kafka, names, shop, builder -> builder);
    }

    /** A new request id: 8-64 characters from [A-Za-z0-9-], as a checkout's. */
    static String newRequestId() {
        return "req-" + UUID.randomUUID();
    }

    /** The payment a checkout of this user would ask for: every open order, in the shop's order, at their total. */
    PaymentRequestMessage paymentFor(User user) {
        List<String> orderIds = shop.data().openOrders(user.id()).stream().map(Order::id).toList();
        return PaymentRequestMessage.of(newRequestId(), new PaymentRequest(user.id(), orderIds, shop.data().totalFor(user.id())));
    }

    PaymentRequestMessage payingUser() {
        return paymentFor(shop.data().userWithOpenOrders(1, 6));
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            requests.close();
            outcomes.close();
        }
    }
}
