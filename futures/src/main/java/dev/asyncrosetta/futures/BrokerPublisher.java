package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes payment requests with an idempotent producer ({@code acks=all}) and turns Kafka's
 * {@code send(record, callback)} into a CompletableFuture that completes, on the workers, once the
 * broker has acknowledged the record, or fails with {@link CallFailure#brokerUnavailable} after callTimeout.
 *
 * <p>Why a thread of its own: {@code send} is not asynchronous all the way. Before it queues the record
 * it waits for the topic's metadata (the first send, or a broker that is down) and for room in the
 * buffer, each up to {@code max.block.ms}. On a worker or the timer that would stall every checkout
 * sharing them (and C17 forbids it). So every send runs on {@code broker-publisher-futures-N}, a thread
 * that may block, bounded by {@code max.block.ms} = callTimeout; the workers never call it. Fetching
 * the metadata once at open() would not be enough: it expires, the leader moves, the buffer fills.
 */
final class BrokerPublisher implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration callTimeout;
    private final ExecutorService publishing;
    private final ScheduledExecutorService timer;
    private final Executor workers;

    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ScheduledExecutorService timer, Executor workers) {
        this.producer = new KafkaProducer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().requests();
        this.callTimeout = callTimeout;
        this.timer = timer;
        this.workers = workers;
        // One thread, on a LinkedTransferQueue and started at once, for the reason the workers are (see
        // FuturesCheckout): a worker handing it a record must never wait for a queue's lock.
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
     * Publishes the message once {@code ready} completes. The future completes when the broker
     * acknowledged the record, and fails with {@link CallFailure#brokerUnavailable} when it did not
     * within callTimeout. Cancelling it before the publishing thread took the record means the record
     * is never sent; once sent, it may still arrive (and then be charged once).
     */
    CompletableFuture<Void> publish(PaymentRequestMessage message, CompletableFuture<Void> ready) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        ScheduledFuture<?> timeout = timer.schedule(
                () -> acknowledged.completeExceptionally(CallFailure.brokerUnavailable(
                        new TimeoutException("no acknowledgement within " + callTimeout.toMillis() + " ms"))),
                callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        acknowledged.whenComplete((ignored, failure) -> timeout.cancel(false));
        ready.thenRun(() -> publishing.execute(() -> send(message, acknowledged)));
        return acknowledged;
    }

    /** On the publishing thread: may block up to max.block.ms; the acknowledgement completes on the workers. */
    private void send(PaymentRequestMessage message, CompletableFuture<Void> acknowledged) {
        if (acknowledged.isDone()) {
            return; // the checkout stopped (cancel, deadline, close) while this waited: never sent
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.requestId(), message.toJson());
        try {
            producer.send(record, (metadata, failure) -> onWorkers(() -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(CallFailure.brokerUnavailable(failure));
                }
            }));
        } catch (KafkaException refused) {
            acknowledged.completeExceptionally(CallFailure.brokerUnavailable(refused));
        } catch (RuntimeException bug) {
            acknowledged.completeExceptionally(bug);
        }
    }

    /** The producer's I/O thread must not run the checkout's continuations: they go to the workers. */
    private void onWorkers(Runnable completion) {
        try {
            workers.execute(completion);
        } catch (RejectedExecutionException closed) {
            // close() shut the workers after cancelling every checkout: nobody waits for this any more.
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
