package dev.asyncrosetta.brokerclient;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One consumer per service reading every partition of the outcome topic, on a platform thread of its
 * own (its poll blocks, and it lives as long as the service), handing every outcome it decodes to the
 * style, which finds the checkout waiting for its request id and hops onto its own threads.
 *
 * <p>It assigns the partitions itself rather than joining a group: a group would take seconds to hand
 * them out, and would share them among the instances of a service when each must see its own
 * checkouts' outcomes. Before it signals that it is listening it has fixed its position at the end of
 * every partition, so no outcome of a request published afterwards can be missed: a style publishes
 * nothing before then. Delivery is at least once: the style keeps the first outcome for a request id,
 * a later copy finds nobody waiting.
 */
public final class PaymentOutcomeConsumer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Runnable listening;
    private final Consumer<PaymentOutcome> outcomes;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts the consumer's thread, "broker-outcomes-clientId".
     *
     * @param listening run once, on the consumer's thread, when every position is fixed: publishing may start
     * @param outcomes given every outcome, on the consumer's thread: it must hop elsewhere before running a
     *     checkout's continuation (C34), and must not block, or every other outcome waits
     */
    public PaymentOutcomeConsumer(BrokerPayments payments, String clientId, Duration callTimeout,
            Runnable listening, Consumer<PaymentOutcome> outcomes) {
        this.consumer = new KafkaConsumer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().outcomes();
        this.listening = listening;
        this.outcomes = outcomes;
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

    private void listen() {
        try (consumer) {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // seekToEnd is lazy: fix the positions now, before anyone publishes
            listening.run();
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    decode(record.value());
                }
            }
        } catch (WakeupException | InterruptException closing) {
            // stop() woke the consumer up to end this thread
        }
    }

    /** The topic's partitions, asked again while the broker cannot be reached (publishing waits meanwhile). */
    private List<TopicPartition> partitions() {
        while (true) {
            try {
                List<TopicPartition> found = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
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

    private void decode(byte[] value) {
        PaymentOutcome outcome;
        try {
            outcome = PaymentOutcome.fromJson(value);
        } catch (CallFailure notAnOutcome) {
            return; // not ours to judge: nobody can be waiting for a record without a request id
        }
        outcomes.accept(outcome);
    }

    /** Ends the thread without waiting for it (it closes the consumer on its way out): safe on any thread. */
    public void stop() {
        closed = true;
        consumer.wakeup();
    }

    /** Waits, at most {@code timeout}, for the thread to end. Blocks: not on a thread that must not. */
    public void awaitEnd(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop}, then {@link #awaitEnd} (10 s at most). */
    @Override
    public void close() {
        stop();
        awaitEnd(END_TIMEOUT);
    }
}
