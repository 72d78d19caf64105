package dev.asyncrosetta.brokerclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PaymentTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every style relies on without a broker to see it: the settings, the record, a withdrawn record. */
class PaymentRequestProducerTest {
    // Nobody listens there: a record that reached Kafka's send would wait for metadata, not fail at once.
    private static final BrokerPayments NOBODY = new BrokerPayments(
            Map.of("bootstrap.servers", "127.0.0.1:9", "acks", "0", "max.block.ms", "60000"),
            new PaymentTopics("requests", "outcomes"), BrokerPayments.Mode.FIRE_AND_CARRY_ON);
    private static final PaymentRequestMessage MESSAGE = PaymentRequestMessage.of("r-1", new PaymentRequest("u-1", List.of("o-1"), 100));

    @Test
    void theContractsSettingsWinOverTheCallers() {
        Map<String, Object> config = PaymentRequestProducer.config(NOBODY, "c-1", Duration.ofSeconds(2));

        assertThat(config).containsEntry("bootstrap.servers", "127.0.0.1:9")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("max.block.ms", 2000)
                .containsEntry("request.timeout.ms", 2000)
                .containsEntry("delivery.timeout.ms", 2000)
                .containsEntry("client.id", "c-1");
    }

    @Test
    void aRequestIsKeyedByItsIdOnTheRequestTopic() {
        try (PaymentRequestProducer producer = new PaymentRequestProducer(NOBODY, "c-2", Duration.ofSeconds(2))) {
            PaymentRequestRecord record = producer.recordOf(MESSAGE);

            assertThat(record.topic()).isEqualTo("requests");
            assertThat(record.key()).isEqualTo("r-1");
            assertThat(PaymentRequestMessage.fromJson(record.value())).isEqualTo(MESSAGE);
        }
    }

    @Test
    void aWithdrawnRecordNeverReachesKafka() throws Exception {
        try (PaymentRequestProducer producer = new PaymentRequestProducer(NOBODY, "c-3", Duration.ofSeconds(2))) {
            PaymentRequestRecord record = producer.recordOf(MESSAGE);
            record.withdraw();
            CompletableFuture<Exception> called = new CompletableFuture<>();

            // Through the producer a client library wraps, as vertx-kafka-client's worker calls it.
            producer.kafkaProducer().send(record, (metadata, failure) -> called.complete(failure));

            assertThat(called.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThatThrownBy(() -> producer.send(record).get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void onlyAProducerMadeWithAPublishingThreadHasOne() {
        try (PaymentRequestProducer without = new PaymentRequestProducer(NOBODY, "c-4", Duration.ofSeconds(2));
                PaymentRequestProducer with = PaymentRequestProducer.withPublishingThread(NOBODY, "c-5", Duration.ofSeconds(2))) {
            assertThatThrownBy(without::publishingThread).isInstanceOf(IllegalStateException.class);
            CompletableFuture<String> ranOn = new CompletableFuture<>();
            with.publishingThread().execute(() -> ranOn.complete(Thread.currentThread().getName()));
            assertThat(ranOn).succeedsWithin(Duration.ofSeconds(1)).isEqualTo("broker-publisher-c-5");
        }
    }
}
