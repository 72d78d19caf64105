package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.util.Promise;

/**
 * Publishes payment requests with an idempotent producer ({@code acks=all}) in the style's idiom:
 * Kafka's own {@code send(record, Callback)}, reported to a Jetty {@link Promise}
 * once, on Jetty's threads as an HTTP answer is, or on the timer when the broker did not acknowledge
 * within callTimeout ({@link CallFailure#brokerUnavailable}).
 *
 * <p>Why a thread of its own: {@code send} is not asynchronous all the way. Before it queues the record
 * it waits for the topic's metadata (the first send, or a broker that is down) and for room in the
 * buffer, each up to {@code max.block.ms}. Jetty's threads and the timer must never wait (C17). So every
 * send runs on {@code broker-publisher-callbacks-checkout-n}, a thread that may block, bounded by
 * {@code max.block.ms} = callTimeout; its name does not start with "callbacks-", the prefix of the
 * threads that must not block. Kafka then calls back on its I/O thread, which must not run the
 * workflow: the report hops onto Jetty's threads.
 */
final class BrokerPublisher implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration callTimeout;
    private final ExecutorService publishing;
    private final ScheduledExecutorService timer;
    private final Executor callbackThreads;

    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ScheduledExecutorService timer, Executor callbackThreads) {
        this.producer = new KafkaProducer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().requests();
        this.callTimeout = callTimeout;
        this.timer = timer;
        this.callbackThreads = callbackThreads;
        // One thread, on a LinkedTransferQueue and started at once: a Jetty thread handing it a record
        // must never wait for a queue's lock or for a thread to start.
        ThreadPoolExecutor publishing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "broker-publisher-" + clientId);
            thread.setDaemon(true);
            return thread;
        });
        publishing.prestartAllCoreThreads();
        this.publishing = publishing;
    }

    /** The caller's properties reach the cluster; these, which the contract depends on, win over them. */
    private static Map<String, Object> config(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // One checkout waits for one record: send it at once rather than wait to batch it with others.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The publishing thread waits at most callTimeout for metadata or buffer room, and the producer
        // stops trying to deliver a record once the checkout has stopped waiting for it (delivery.timeout.ms
        // must be at least linger.ms + request.timeout.ms).
        int millis = Math.toIntExact(callTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return config;
    }

    /**
     * Publishes the message once {@code whenReady} runs the task it is given; reports to {@code done}
     * once: success when the broker acknowledged the record, {@link CallFailure#brokerUnavailable} when it
     * did not within callTimeout (counted from now). Aborted before the publishing thread took the
     * record, the record is never sent; once sent, it may still arrive (and then be charged once).
     */
    Abortable publish(PaymentRequestMessage message, Consumer<Runnable> whenReady, Promise<Void> done) {
        Once<Void> report = new Once<>(done);
        AtomicBoolean stopped = new AtomicBoolean();
        ScheduledFuture<?> timeout = timer.schedule(
                () -> report.failed(CallFailure.brokerUnavailable(
                        new TimeoutException("no acknowledgement within " + callTimeout.toMillis() + " ms"))),
                callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        // The broker's answer, whichever it is, ends the timeout: cancelled, it leaves the timer's queue.
        Promise<Void> answered = Promise.from(
                acknowledged -> {
                    timeout.cancel(false);
                    report.succeeded(acknowledged);
                },
                failure -> {
                    timeout.cancel(false);
                    report.failed(failure);
                });
        whenReady.accept(() -> {
            try {
                publishing.execute(() -> {
                    if (stopped.get() || report.isDone()) {
                        return; // the checkout stopped (cancel, deadline, close) or timed out while this waited: never sent
                    }
                    send(message, answered);
                });
            } catch (RejectedExecutionException closed) {
                // close() ended the publishing thread after cancelling every checkout: nobody waits for this
            }
        });
        return () -> {
            stopped.set(true);
            timeout.cancel(false);
        };
    }

    /** On the publishing thread: may block up to max.block.ms; the acknowledgement reports on Jetty's threads. */
    private void send(PaymentRequestMessage message, Promise<Void> report) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.requestId(), message.toJson());
        try {
            producer.send(record, (metadata, failure) -> onCallbackThreads(() -> {
                if (failure == null) {
                    report.succeeded(null);
                } else {
                    report.failed(CallFailure.brokerUnavailable(failure));
                }
            }));
        } catch (KafkaException refused) {
            onCallbackThreads(() -> report.failed(CallFailure.brokerUnavailable(refused)));
        } catch (RuntimeException bug) {
            onCallbackThreads(() -> report.failed(bug));
        }
    }

    /** Kafka's threads must not run the workflow's callbacks: they hop onto Jetty's, as an HTTP answer arrives. */
    private void onCallbackThreads(Runnable report) {
        try {
            callbackThreads.execute(report);
        } catch (RejectedExecutionException closed) {
            // close() stopped Jetty after cancelling every checkout: nobody waits for this any more
        }
    }

    /**
     * Sends what was handed to the producer and waits for its acknowledgements (at most a few
     * seconds), then closes the producer and ends the publishing thread. A send blocked in a metadata
     * wait is woken by the close and fails.
     */
    @Override
    public void close() {
        publishing.shutdown();
        producer.close(CLOSE_TIMEOUT);
        try {
            publishing.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
