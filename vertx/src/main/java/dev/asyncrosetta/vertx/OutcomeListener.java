package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer per service reading every partition of the outcome topic on a platform thread of its
 * own, handing each outcome to the checkout waiting for its request id on that checkout's context.
 *
 * <p>Why Kafka's plain consumer and not vertx-kafka-client's: the waits live on many contexts, one per
 * checkout, so Vert.x's consumer, which delivers every record on the one context that created it,
 * would only add a hop through a context no checkout lives on. Its poll loop is a thread of its own
 * anyway; so is this one, and it may block (it is no event loop). And what the contract needs before
 * the first publish (the partitions, asked again while the broker is unreachable, then every position
 * fixed at the end) is a blocking sequence that reads plainly here and as a chain of futures there.
 *
 * <p>It assigns the partitions itself rather than joining a group: a group would take seconds to hand
 * them out, and would share them among the instances of a service when each must see its own
 * checkouts' outcomes. Delivery is at least once: the first outcome for a request id wins.
 */
final class OutcomeListener {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Map<String, Waiting> awaiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closed;

    /** A checkout's wait: its promise, completed on its context only. */
    private record Waiting(Context context, Promise<PaymentOutcome> outcome) {}

    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout) {
        this.consumer = new KafkaConsumer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().outcomes();
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

    /** On the checkout's context: succeeds there once every partition's position is fixed; publishing may start then. */
    Future<Void> listening(Context context) {
        return Future.fromCompletionStage(listening, context);
    }

    /**
     * On the checkout's context: the outcome of this request id, completed there. Call it before
     * publishing the request: an outcome that arrives before anyone waits for it is dropped. Aborting
     * the checkout takes the wait back.
     */
    Future<PaymentOutcome> outcomeOf(String requestId, Context context, InFlight inFlight) {
        Promise<PaymentOutcome> outcome = Promise.promise();
        Waiting waiting = new Waiting(context, outcome);
        awaiting.put(requestId, waiting);
        return inFlight.track(outcome.future(), () -> awaiting.remove(requestId, waiting))
                .andThen(done -> awaiting.remove(requestId, waiting));
    }

    private void listen() {
        try (consumer) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions now, before anyone publishes
            listening.complete(null);
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
        Waiting waiting = awaiting.remove(outcome.requestId());
        if (waiting == null) {
            return; // a redelivered copy, or another service's checkout
        }
        try {
            waiting.context().runOnContext(hop -> waiting.outcome().tryComplete(outcome));
        } catch (RejectedExecutionException closedUnderIt) {
            // the event loops are gone: close() cancelled every checkout before closing Vert.x
        }
    }

    /** Ends the thread without waiting for it (safe on an event loop); {@link #awaitEnd} waits. */
    void close() {
        closed = true;
        consumer.wakeup();
    }

    /** Off the event loops only: waits for the thread to end. */
    void awaitEnd() {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
