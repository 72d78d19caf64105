package dev.asyncrosetta.brokerclient;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One service's producer of payment requests: idempotent, {@code acks=all}, and bounded by the
 * service's callTimeout everywhere Kafka could wait longer. The styles call {@link #send} in their
 * own idiom; this class only decides what a request looks like on the wire and how long Kafka may
 * take with it.
 *
 * <p>{@code send} is not asynchronous all the way: before it queues the record it waits for the topic's
 * metadata (the first send, or a broker that is down) and for room in the buffer, each up to
 * {@code max.block.ms}. So it must run on a thread that may block ({@link #publishingThread}, a
 * bounded-elastic scheduler, a Vert.x worker, a virtual thread), never on a thread a style declares
 * non-blocking (C17). Fetching the metadata once at start would not be enough: it expires, the leader
 * moves, the buffer fills.
 */
public final class PaymentRequestProducer implements AutoCloseable {
    /** How long close() flushes what was handed to Kafka before it gives up on it (the honest note). */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final WithdrawableProducer producer;
    private final String topic;
    private final ExecutorService publishingThread; // null: the style brings its own thread that may block

    /**
     * For a style that sends from a thread it already has that may block (a bounded-elastic scheduler,
     * a Vert.x worker, the checkout's own virtual thread).
     *
     * @param clientId names Kafka's threads ("kafka-producer-network-thread | clientId"): they block by design
     */
    public PaymentRequestProducer(BrokerPayments payments, String clientId, Duration callTimeout) {
        this(payments, clientId, callTimeout, null);
    }

    private PaymentRequestProducer(BrokerPayments payments, String clientId, Duration callTimeout, ExecutorService publishingThread) {
        this.producer = new WithdrawableProducer(config(payments, clientId, callTimeout));
        this.topic = payments.topics().requests();
        this.publishingThread = publishingThread;
    }

    /**
     * For a style whose own threads must none of them block: with one thread, "broker-publisher-clientId",
     * to call {@link #send} on ({@link #publishingThread}); {@link #close} ends it. Its name starts
     * "broker-": it blocks by design, and no style's prefix for the threads that must not is "broker-".
     */
    public static PaymentRequestProducer withPublishingThread(BrokerPayments payments, String clientId, Duration callTimeout) {
        // One thread, started at once and on a LinkedTransferQueue, so that a non-blocking thread handing
        // it a record never waits for a queue's lock or for a thread to start. A record handed to it once
        // close() has ended it is dropped quietly: close() has cancelled its checkout already, and a
        // RejectedExecutionException would only surface in the style as an unrelated failure (RxJava
        // reports it as undeliverable).
        ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(), runnable -> {
            Thread publishing = new Thread(runnable, "broker-publisher-" + clientId);
            publishing.setDaemon(true);
            return publishing;
        }, new ThreadPoolExecutor.DiscardPolicy());
        thread.prestartAllCoreThreads();
        try {
            return new PaymentRequestProducer(payments, clientId, callTimeout, thread);
        } catch (RuntimeException refused) {
            thread.shutdownNow(); // Kafka refused the configuration: the thread must not outlive the producer that never was
            throw refused;
        }
    }

    /** The thread to call {@link #send} on, when made {@link #withPublishingThread}: it may block there. */
    public Executor publishingThread() {
        if (publishingThread == null) {
            throw new IllegalStateException("made without a publishing thread: the style sends from its own");
        }
        return publishingThread;
    }

    /** The caller's properties reach the cluster; these, which the contract depends on, win over them. */
    static Map<String, Object> config(BrokerPayments payments, String clientId, Duration callTimeout) {
        Map<String, Object> config = new HashMap<>(payments.clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // One checkout waits for one record: send it at once rather than wait to batch it with others.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Whoever calls send waits at most callTimeout for metadata or buffer room, and the producer
        // stops trying to deliver a record once the checkout has stopped waiting for it
        // (delivery.timeout.ms must be at least linger.ms + request.timeout.ms).
        int millis = Math.toIntExact(callTimeout.toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return config;
    }

    /** The record for this request, on the request topic; made on any thread, it does not touch Kafka. */
    public PaymentRequestRecord recordOf(PaymentRequestMessage message) {
        return new PaymentRequestRecord(topic, message);
    }

    /**
     * Hands the record to Kafka, which calls back on its I/O thread (a style hops off it before running
     * anything of the checkout's, C34). May block up to {@code max.block.ms} = callTimeout, and throws
     * what Kafka's send throws (a metadata timeout, a closed producer: {@code KafkaException}s).
     */
    public void send(ProducerRecord<String, byte[]> record, Callback acknowledged) {
        producer.send(record, acknowledged);
    }

    /** As {@link #send(ProducerRecord, Callback)}, for a thread that waits for the acknowledgement itself. */
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return producer.send(record);
    }

    /**
     * Kafka's producer itself, for a style whose client library wraps one (vertx-kafka-client). It
     * skips a {@link PaymentRequestRecord} withdrawn before it reached {@code send}, as {@link #send} does.
     * Closing the wrapper closes it: a style that does so need not call {@link #close} as well.
     */
    public Producer<String, byte[]> kafkaProducer() {
        return producer;
    }

    /**
     * Sends what was handed to Kafka and waits for its acknowledgements, at most {@code timeout}, then
     * closes the producer; a send blocked in a metadata wait is woken and fails. Then ends the publishing
     * thread, if any, once what it was handed has run (a send after the close fails at once). This
     * blocks: a style whose close() may run on its own non-blocking threads hands it to {@link BrokerClose}.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (publishingThread != null) {
            publishingThread.shutdown();
        }
        producer.close(timeout);
        if (publishingThread != null) {
            try {
                publishingThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /** Kafka's producer, which does not send a record withdrawn before it got here (see {@link PaymentRequestRecord}). */
    private static final class WithdrawableProducer extends KafkaProducer<String, byte[]> {
        WithdrawableProducer(Map<String, Object> config) {
            super(config);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record instanceof PaymentRequestRecord request && request.isWithdrawn()) {
                CancellationException withdrawn = new CancellationException(
                        "request " + request.key() + " withdrawn: its checkout stopped before it reached the producer");
                if (callback != null) {
                    callback.onCompletion(null, withdrawn);
                }
                return CompletableFuture.failedFuture(withdrawn);
            }
            return super.send(record, callback);
        }
    }
}
