package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.subjects.CompletableSubject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer per service reading every partition of the outcome topic, on a platform thread of its
 * own (its poll blocks), and handing each outcome to the checkout waiting for its request id, on the
 * service loop.
 *
 * <p>It assigns the partitions itself rather than joining a group: a group would take seconds to hand
 * them out, and would share them among the instances of a service when each must see its own
 * checkouts' outcomes. Before anything is published ({@link #listening}) it has fixed its position at
 * the end of every partition, so no outcome of a request published afterwards can be missed. Delivery
 * is at least once: the first outcome for a request id wins, a later copy finds nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Executor signals;
    private final Map<String, SingleEmitter<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final CompletableSubject listening = CompletableSubject.create();
    private final Thread thread;
    private volatile boolean closed;

    /** @param signals the service loop: outcomes are signalled there, never on this listener's thread (C34) */
    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Executor signals) {
        this.consumer = new KafkaConsumer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().outcomes();
        this.signals = signals;
        this.thread = new Thread(this::listen, "broker-outcomes-" + clientId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private static Map<String, Object> config(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-outcomes");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, not in a group: nothing to commit
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.toIntExact(callTimeout.toMillis()));
        return config;
    }

    /** Completes once every partition's position is fixed: publishing may start then. */
    Completable listening() {
        return listening;
    }

    /**
     * The outcome of this request id, signalled on the service loop. The wait is registered when the
     * Single is subscribed: subscribe it before publishing the request, since an outcome that arrives
     * before anyone waits for it is dropped. Disposing it (a cancel, the deadline, close) removes the
     * wait through {@code setCancellable}; it takes nothing back: an acknowledged request is charged
     * once, later.
     */
    Single<PaymentOutcome> outcomeOf(String requestId) {
        return Single.create(emitter -> {
            awaiting.put(requestId, emitter);
            emitter.setCancellable(() -> awaiting.remove(requestId, emitter));
        });
    }

    private void listen() {
        try (consumer) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions now, before anyone publishes
            listening.onComplete();
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    dispatch(record.value());
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up to end this thread
        }
    }

    /** The topic's partitions, asked again while the broker cannot be reached (publishing waits meanwhile). */
    private List<TopicPartition> partitions() {
        while (true) {
            try {
                List<TopicPartition> found = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .collect(Collectors.toList());
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                // try again: checkouts meanwhile fail with BROKER_UNAVAILABLE after their call timeout
            }
            if (closed) {
                throw new WakeupException();
            }
            pauseBeforeAskingAgain();
        }
    }

    /** A topic not created yet answers at once with no partitions: do not ask the broker in a tight loop. */
    private static void pauseBeforeAskingAgain() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            throw new WakeupException();
        }
    }

    private void dispatch(byte[] value) {
        PaymentOutcome outcome;
        try {
            outcome = PaymentOutcome.fromJson(value);
        } catch (CallFailure notAnOutcome) {
            return; // not ours to judge: nobody can be waiting for a record without a request id
        }
        SingleEmitter<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting != null) {
            // The first wins: a redelivered copy, or another service's checkout, finds nobody. On the
            // loop, never beside a dispose; after one, onSuccess does nothing.
            signals.execute(() -> waiting.onSuccess(outcome));
        }
    }

    /** Stops the consumer and waits for its thread to end (it closes the consumer on its way out). */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
