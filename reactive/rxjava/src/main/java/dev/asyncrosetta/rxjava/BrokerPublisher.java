package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes payment requests with an idempotent producer ({@code acks=all}): Kafka's
 * {@code send(record, callback)} behind {@code Single.create}, which succeeds, on the service loop,
 * once the broker has acknowledged the record, and fails with {@link CallFailure#brokerUnavailable}
 * when it did not within callTimeout.
 *
 * <p>Why a thread of its own: {@code send} is not asynchronous all the way. Before it queues the
 * record it waits for the topic's metadata (the first send, or a broker that is down) and for room in
 * the buffer, each up to {@code max.block.ms}. On the service loop that would stall every checkout
 * (and C17 forbids it), so the Single is subscribed on {@code broker-publisher-rxjava-checkout-N},
 * {@code Schedulers.from} over a one-thread executor that close() ends. Its name does not start
 * "rxjava-": it may block, by design.
 */
final class BrokerPublisher implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration callTimeout;
    private final ExecutorService publishingThread;
    private final Scheduler publishing;
    private final Scheduler loop;
    private final Executor signals;

    /** @param loop the service loop: the call timeout fires there, and the acknowledgement is signalled there (C34) */
    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ServiceLoop loop) {
        this.producer = new KafkaProducer<>(config(payments, clientId, callTimeout));
        this.topic = payments.topics().requests();
        this.callTimeout = callTimeout;
        this.loop = loop.scheduler();
        this.signals = loop.executor();
        // One thread, as newSingleThreadExecutor makes it, but a record that arrives once close() has
        // shut it (a checkout cancelled already) is dropped quietly, as on the ServiceLoop, rather
        // than refused with an exception RxJava would report as undeliverable.
        this.publishingThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "broker-publisher-" + clientId);
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
        this.publishing = Schedulers.from(publishingThread);
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
     * Publishes the message once {@code ready} completes; succeeds, on the service loop, when the
     * broker acknowledged it, and fails with {@link CallFailure#brokerUnavailable} when it did not
     * within callTimeout (counted from the subscription, the wait for {@code ready} included).
     * Disposed before the publishing thread took the record, the record is never sent; once sent, it
     * may still arrive (and then be charged once).
     */
    Single<RecordMetadata> publish(PaymentRequestMessage message, Completable ready) {
        return ready.andThen(send(message).subscribeOn(publishing))
                .timeout(callTimeout.toNanos(), NANOSECONDS, loop, Single.error(() -> CallFailure.brokerUnavailable(
                        new TimeoutException("no acknowledgement within " + callTimeout.toMillis() + " ms"))));
    }

    /** Runs on the publishing thread, where it may block up to max.block.ms; signals on the service loop. */
    private Single<RecordMetadata> send(PaymentRequestMessage message) {
        return Single.create(emitter -> {
            if (emitter.isDisposed()) {
                return; // the checkout stopped (cancel, deadline, close) while this waited: never sent
            }
            // Once handed to the producer, nothing takes the record back: a dispose from here on only
            // stops the wait (no setCancellable), and the broker may still charge it, once.
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.requestId(), message.toJson());
            try {
                producer.send(record, (metadata, failure) -> signals.execute(() -> {
                    if (failure == null) {
                        emitter.onSuccess(metadata);
                    } else {
                        // tryOnError: after a dispose nobody listens, and onError would make it undeliverable.
                        emitter.tryOnError(CallFailure.brokerUnavailable(failure));
                    }
                }));
            } catch (KafkaException refused) {
                // A metadata timeout, or the producer closed: signalled on the loop as well, never beside a dispose.
                signals.execute(() -> emitter.tryOnError(CallFailure.brokerUnavailable(refused)));
            }
        });
    }

    /**
     * Sends what was handed to the producer and waits for its acknowledgements (at most a few
     * seconds), then closes the producer and ends the publishing thread. A send blocked in a metadata
     * wait is woken by the close and fails.
     */
    @Override
    public void close() {
        publishingThread.shutdown();
        producer.close(CLOSE_TIMEOUT);
        try {
            publishingThread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
