package dev.asyncrosetta.payments;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One life of the service, from joining the consumer group to leaving it: a consumer on the request
 * topic and a producer for the outcomes, driven by the poll thread alone (a KafkaConsumer is not
 * thread-safe). A crash ends this life; {@link PaymentService} then starts another.
 *
 * <p><b>At least once.</b> For each request, in this order: charge it at the shop, publish its outcome
 * and wait for the broker's acknowledgement, then commit the request's offset. Whatever stops the
 * service between two of these steps (a crash, a broker that does not acknowledge) leaves the request
 * uncommitted, so the group delivers it again, to this service's next life or to another member. A
 * request is never lost; it may be handled twice. Handling it twice is safe because the request id is
 * the payment's Idempotency-Key: the second charge is the shop answering the first payment again (200),
 * and the second outcome is the same as the first. Committing before publishing (or before charging)
 * would turn a crash in between into a request that is never answered.
 */
final class RequestLoop {
    private static final Logger log = LoggerFactory.getLogger(RequestLoop.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** How this life ended. */
    enum Ending { STOPPED, CRASHED }

    /** How handling one record, or one poll's records, ended. */
    private enum Step { DONE, RETRY_LATER, DEFERRED, CRASH }

    private final Settings settings;
    private final KafkaCluster kafka;
    private final ShopCharger shop;
    private final Controls controls;
    private final Counters counters;
    private final int life;

    RequestLoop(Settings settings, KafkaCluster kafka, ShopCharger shop, Controls controls, Counters counters, int life) {
        this.settings = settings;
        this.kafka = kafka;
        this.shop = shop;
        this.controls = controls;
        this.counters = counters;
        this.life = life;
    }

    Ending run() {
        KafkaProducer<String, byte[]> producer = KafkaClients.outcomeProducer(kafka, settings.name() + "-producer-" + life);
        KafkaConsumer<String, byte[]> consumer;
        try {
            consumer = KafkaClients.requestConsumer(kafka, settings, settings.name() + "-consumer-" + life);
        } catch (RuntimeException e) {
            producer.close(CLOSE_TIMEOUT);
            throw e;
        }
        try {
            return poll(consumer, producer);
        } finally {
            // Never a commit here: the consumer has auto-commit off, so closing it after a crash leaves
            // the request in hand uncommitted, and the group hands it to the next member that joins.
            // Closing also leaves the group at once. A process that really died would leave nothing; the
            // group would notice only after session.timeout.ms (45 s by default) and redeliver then.
            closeQuietly(() -> consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)), "consumer");
            closeQuietly(() -> producer.close(CLOSE_TIMEOUT), "producer");
        }
    }

    private Ending poll(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
        consumer.subscribe(List.of(settings.topics().requests()), new Rebalances(consumer));
        log.info("{} (life {}) taking payment requests from {} in group {}", settings.name(), life,
                settings.topics().requests(), settings.group());
        while (!controls.stopRequested()) {
            applyPause(consumer);
            // Polling goes on while paused: a paused consumer fetches nothing but stays in the group, so
            // a pause of any length never runs into max.poll.interval.ms and never causes a rebalance.
            ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
            if (records.isEmpty()) {
                continue;
            }
            Step step = handle(consumer, producer, records);
            if (step == Step.CRASH) {
                return Ending.CRASHED;
            }
            if (step == Step.RETRY_LATER) {
                controls.awaitStop(settings.retryBackoff()); // the shop (or the broker) is failing: give it time
            }
        }
        return Ending.STOPPED;
    }

    /** Pauses every assigned partition while the service is paused, resumes them once it is not. */
    private void applyPause(KafkaConsumer<String, byte[]> consumer) {
        if (controls.paused()) {
            Set<TopicPartition> assigned = consumer.assignment();
            if (!consumer.paused().containsAll(assigned)) {
                consumer.pause(assigned);
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** One poll's records, partition by partition, in offset order within each. */
    private Step handle(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer,
            ConsumerRecords<String, byte[]> records) {
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int p = 0; p < partitions.size(); p++) {
            for (ConsumerRecord<String, byte[]> record : records.records(partitions.get(p))) {
                // Checked before each record, not only before each poll: a request published after
                // pause() returned is never charged, even if an earlier poll fetched it.
                if (controls.stopRequested() || controls.paused()) {
                    rewind(consumer, records, partitions, p, record.offset());
                    return Step.DEFERRED;
                }
                Step step = handle(consumer, producer, record);
                if (step == Step.CRASH) {
                    return step; // nothing to rewind: the consumer closes without committing
                }
                if (step == Step.RETRY_LATER) {
                    rewind(consumer, records, partitions, p, record.offset());
                    return step;
                }
            }
        }
        return Step.DONE;
    }

    /**
     * poll has already moved the consumer's position past every record it returned. Records not handled
     * must be sought back to, or the next poll would skip them, and committing a later offset of their
     * partition would lose them for good. Only partitions still assigned can be sought.
     */
    private static void rewind(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records,
            List<TopicPartition> partitions, int from, long offset) {
        Set<TopicPartition> assigned = consumer.assignment();
        for (int p = from; p < partitions.size(); p++) {
            TopicPartition partition = partitions.get(p);
            if (assigned.contains(partition)) {
                consumer.seek(partition, p == from ? offset : records.records(partition).get(0).offset());
            }
        }
    }

    /** Charge, publish the outcome and wait for its acknowledgement, then commit: in this order (see the class comment). */
    private Step handle(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer,
            ConsumerRecord<String, byte[]> record) {
        counters.consumed.incrementAndGet();
        PaymentOutcome outcome;
        try {
            PaymentRequestMessage message = PaymentRequestMessage.fromJson(record.value());
            if (record.key() != null && !record.key().equals(message.requestId())) {
                log.warn("payment request {} came with key {}: its copies may land on different partitions", message.requestId(), record.key());
            }
            ChargeResult result = shop.charge(message);
            if (result instanceof ChargeResult.Unavailable unavailable) {
                log.warn("payment {} not decided, taken again in {}: {}", message.requestId(), settings.retryBackoff(), unavailable.reason());
                return Step.RETRY_LATER;
            }
            outcome = ((ChargeResult.Decided) result).outcome();
        } catch (CallFailure unreadable) {
            if (record.key() == null) {
                log.error("skipping an unreadable payment request without a key at {}-{}@{}: {}",
                        record.topic(), record.partition(), record.offset(), unreadable.getMessage());
                return commit(consumer, record) ? Step.DONE : Step.RETRY_LATER;
            }
            // Delivering it again would never make it readable: answer it, so its sender is not left waiting.
            outcome = PaymentOutcome.failed(record.key(), "unreadable payment request: " + unreadable.getMessage());
        }
        if (outcome.result() == PaymentOutcome.Result.PAID && controls.takeCrash()) {
            log.warn("{} crashing, as asked, after charging {} and before publishing its outcome or committing it",
                    settings.name(), outcome.requestId());
            return Step.CRASH;
        }
        count(outcome);
        if (!publish(producer, outcome)) {
            return Step.RETRY_LATER;
        }
        return commit(consumer, record) ? Step.DONE : Step.RETRY_LATER;
    }

    private void count(PaymentOutcome outcome) {
        if (outcome.result() == PaymentOutcome.Result.DECLINED) counters.declined.incrementAndGet();
        if (outcome.result() == PaymentOutcome.Result.FAILED) counters.failed.incrementAndGet();
    }

    /** Sends the outcome keyed by its request id and waits until the broker acknowledges it (acks=all). */
    private boolean publish(KafkaProducer<String, byte[]> producer, PaymentOutcome outcome) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topics().outcomes(), outcome.requestId(), outcome.toJson());
        try {
            producer.send(record).get(PUBLISH_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            counters.outcomesPublished.incrementAndGet();
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // Not acknowledged, so not committed: the request comes again and its charge is replayed.
            log.warn("outcome of {} not acknowledged; the request will be taken again: {}", outcome.requestId(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Commits the offset after this record: the group will not deliver it again. */
    private boolean commit(KafkaConsumer<String, byte[]> consumer, ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            return true;
        } catch (KafkaException e) {
            // Typically a rebalance took the partition away: its new owner gets the request again, pays it
            // again (a replay) and publishes the same outcome a second time. At least once, never lost.
            log.warn("could not commit {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            return false;
        }
    }

    private static void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.warn("closing the {} failed", what, e);
        }
    }

    /** Counts partitions taken away, and keeps newly assigned ones paused while the service is paused. */
    private final class Rebalances implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;

        Rebalances(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (controls.paused()) {
                consumer.pause(partitions);
            }
            log.info("{} (life {}) assigned {}", settings.name(), life, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                counters.partitionsRevoked.incrementAndGet();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                counters.partitionsRevoked.incrementAndGet();
            }
        }
    }
}
