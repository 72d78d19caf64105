package dev.asyncrosetta.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PaymentTopics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An acknowledgement that Kafka's I/O thread receives is heard on the context that published, on its
 * event loop: a checkout's state stays on one thread (M8 checks that the send itself never runs there).
 */
@ExtendWith({VertxExtension.class, KafkaExtension.class})
class BrokerPublisherTest {

    @Test
    void theAcknowledgementCompletesOnThePublishingContext(Vertx vertx, VertxTestContext testContext, KafkaCluster kafka, KafkaNames names) {
        String requests = names.topic();
        kafka.createTopic(requests, 1);
        Map<String, String> properties = new HashMap<>();
        kafka.clientProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        BrokerPayments payments = new BrokerPayments(properties, new PaymentTopics(requests, requests + "-outcomes"),
                BrokerPayments.Mode.FIRE_AND_CARRY_ON);
        BrokerPublisher publisher = new BrokerPublisher(vertx, payments, "vertx-publisher-test", Duration.ofSeconds(10));
        PaymentRequestMessage message = PaymentRequestMessage.of("req-1", new PaymentRequest("u1", List.of("o1"), 100));
        Context checkout = vertx.getOrCreateContext();

        checkout.runOnContext(start -> publisher.publish(message, Future.succeededFuture(), new InFlight(vertx))
                .onComplete(testContext.succeeding(acknowledged -> testContext.verify(() -> {
                    assertThat(Vertx.currentContext()).isSameAs(checkout);
                    assertThat(Thread.currentThread().getName()).startsWith("vert.x-eventloop-thread-");
                    publisher.close().onComplete(testContext.succeedingThenComplete());
                }))));
    }
}
