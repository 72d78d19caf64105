package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jetty.util.Promise;

/**
 * One consumer per service reading every partition of the outcome topic, on a thread of its own, and
 * reporting each outcome to the callback waiting for its request id, on Jetty's threads.
 *
 * <p>It assigns the partitions itself rather than joining a group: a group would take seconds to hand
 * them out, and would share them among the instances of a service when each must see its own
 * checkouts' outcomes. Before anything is published ({@link #whenListening}) it has fixed its position
 * at the end of every partition, so no outcome of a request published afterwards can be missed.
 * Delivery is at least once: the first outcome for a request id wins, a later copy finds nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Executor callbackThreads;
    private final Map<String, Promise<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    /** The publishes waiting for the positions to be fixed; null once they are (guarded by this). */
    private List<Runnable> untilListening = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;

    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Executor callbackThreads) {
        this.consumer = new KafkaConsumer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().outcomes();
        this.callbackThreads = callbackThreads;
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

    /**
     * Runs the task once every partition's position is fixed (publishing may start then): now, on the
     * caller's thread, if they are; else on this listener's thread when they are. The task must not block.
     */
    void whenListening(Runnable task) {
        synchronized (this) {
            if (untilListening != null) {
                untilListening.add(task);
                return;
            }
        }
        task.run();
    }

    /**
     * Reports the outcome of this request id to {@code done}, on Jetty's threads. Call it before
     * publishing the request: an outcome that arrives before anyone waits for it is dropped. Aborting
     * takes the wait back.
     */
    Abortable outcomeOf(String requestId, Promise<PaymentOutcome> done) {
        awaiting.put(requestId, done);
        return () -> awaiting.remove(requestId, done);
    }

    private void listen() {
        try (consumer) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions now, before anyone publishes
            listening();
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    dispatch(record.value());
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up to end this thread
        }
    }

    private void listening() {
        List<Runnable> waiting;
        synchronized (this) {
            waiting = untilListening;
            untilListening = null;
        }
        waiting.forEach(Runnable::run);
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
        Promise<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting == null) {
            return; // a redelivered copy, or another service's checkout
        }
        try {
            callbackThreads.execute(() -> waiting.succeeded(outcome));
        } catch (RejectedExecutionException closedUnderIt) {
            // close() cancelled every checkout before stopping Jetty
        }
    }

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
