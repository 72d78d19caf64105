package dev.asyncrosetta.futures;

import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes payment requests through the service's {@link PaymentRequestProducer} (shared/broker-client)
 * in the style's idiom: Kafka's {@code send(record, callback)} turned into a CompletableFuture that
 * completes, on the workers, once the broker has acknowledged the record, or fails with
 * {@link CallFailure#brokerUnavailable} after callTimeout.
 *
 * <p>Every send runs on the producer's publishing thread
 * ({@link PaymentRequestProducer#withPublishingThread}), which may block up to {@code max.block.ms};
 * the workers and the timer never call it (C17).
 */
final class BrokerPublisher implements AutoCloseable {
    private final PaymentRequestProducer producer;
    private final Duration callTimeout;
    private final Executor publishing;
    private final ScheduledExecutorService timer;
    private final Executor workers;

    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ScheduledExecutorService timer, Executor workers) {
        this.producer = PaymentRequestProducer.withPublishingThread(payments, clientId, callTimeout);
        this.callTimeout = callTimeout;
        this.timer = timer;
        this.workers = workers;
        this.publishing = producer.publishingThread();
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
        try {
            producer.send(producer.recordOf(message), (metadata, failure) -> onWorkers(() -> {
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

    /** Flushes and closes the producer, and ends the publishing thread (see {@link PaymentRequestProducer#close}). Blocks. */
    @Override
    public void close() {
        producer.close();
    }
}
