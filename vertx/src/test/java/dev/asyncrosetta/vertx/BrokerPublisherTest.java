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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acknowledgement of a record Kafka's I/O thread acknowledged is heard on the context that
 * published it, on its event loop: the checkout's state stays on one thread (M8 checks that the
 * send itself never runs there).
 */
@ExtendWith(KafkaExtension.class)
class BrokerPublisherTest {

    @Test
    void theAcknowledgementCompletesOnThePublishingContext(KafkaCluster kafka, KafkaNames names) throws Exception {
        String requests = names.topic();
        kafka.createTopic(requests, 1);
        Map<String, String> properties = new HashMap<>();
        kafka.clientProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        BrokerPayments payments = new BrokerPayments(properties, new PaymentTopics(requests, requests + "-outcomes"),
                BrokerPayments.Mode.FIRE_AND_CARRY_ON);
        Vertx vertx = Vertx.vertx();
        try {
            BrokerPublisher publisher = new BrokerPublisher(vertx, payments, "vertx-publisher-test", Duration.ofSeconds(10));
            Context checkout = vertx.getOrCreateContext();
            CompletableFuture<Context> heardOn = new CompletableFuture<>();
            CompletableFuture<Thread> heardOnThread = new CompletableFuture<>();
            PaymentRequestMessage message = PaymentRequestMessage.of("req-1", new PaymentRequest("u1", List.of("o1"), 100));
            checkout.runOnContext(start -> publisher.publish(message, Future.succeededFuture(), new InFlight(vertx))
                    .onComplete(acknowledged -> {
                        heardOnThread.complete(Thread.currentThread());
                        heardOn.complete(Vertx.currentContext());
                    }, heardOn::completeExceptionally));

            assertThat(heardOn.get(15, TimeUnit.SECONDS)).isSameAs(checkout);
            assertThat(heardOnThread.get().getName()).startsWith("vert.x-eventloop-thread-");
            publisher.close().await(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
