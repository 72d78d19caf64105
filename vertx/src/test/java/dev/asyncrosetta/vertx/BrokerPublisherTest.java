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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An acknowledgement that Kafka's I/O thread receives is heard on the context that published, on its
 * event loop: a checkout's state stays on one thread (M8 checks that the send itself never runs there).
 * And a record still queued for vertx-kafka-client's worker when its checkout stopped is never sent
 * (docs/CONTRACT.md, "The honest note").
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

    /**
     * vertx-kafka-client runs Kafka's send on one ordered worker: a record published behind a send that
     * waits for the topic's metadata waits in Vert.x's queue, not yet in Kafka's producer. Its checkout
     * stops (aborted) there; the topic then appears and the first send goes through. Before the fix the
     * queued record went out after it, charged for a checkout that had stopped before handing it over.
     */
    @Test
    void aRecordQueuedBehindABlockedSendIsNotSentOnceItsCheckoutStopped(Vertx vertx, KafkaCluster kafka, KafkaNames names)
            throws Exception {
        String requests = names.topic(); // not created yet: the first send waits for its metadata
        Map<String, String> properties = new HashMap<>();
        kafka.clientProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        BrokerPayments payments = new BrokerPayments(properties, new PaymentTopics(requests, requests + "-outcomes"),
                BrokerPayments.Mode.FIRE_AND_CARRY_ON);
        BrokerPublisher publisher = new BrokerPublisher(vertx, payments, "vertx-publisher-test", Duration.ofSeconds(20));
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        CompletableFuture<Void> queued = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(start -> {
            publisher.publish(PaymentRequestMessage.of("first", new PaymentRequest("u1", List.of("o1"), 100)),
                    Future.succeededFuture(), new InFlight(vertx)).onComplete(done -> complete(first, done));
            InFlight checkout = new InFlight(vertx);
            publisher.publish(PaymentRequestMessage.of("stopped", new PaymentRequest("u1", List.of("o2"), 100)),
                    Future.succeededFuture(), checkout).onComplete(done -> complete(stopped, done));
            checkout.abort(); // the cancel, the deadline or close(): the record is still in Vert.x's queue
            queued.complete(null);
        });
        queued.get(30, TimeUnit.SECONDS); // both handed to Vert.x, the second stopped, before the topic exists
        kafka.createTopic(requests, 1);

        first.get(30, TimeUnit.SECONDS);
        stopped.handle((ignored, failure) -> null).get(30, TimeUnit.SECONDS);
        publisher.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(publishedKeys(kafka, requests)).containsExactly("first");
    }

    private static void complete(CompletableFuture<Void> future, io.vertx.core.AsyncResult<Void> done) {
        if (done.succeeded()) {
            future.complete(null);
        } else {
            future.completeExceptionally(done.cause());
        }
    }

    private static List<String> publishedKeys(KafkaCluster kafka, String topic) {
        Map<String, Object> config = kafka.clientProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> keys = new java.util.ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
            }
            return keys;
        }
    }
}
