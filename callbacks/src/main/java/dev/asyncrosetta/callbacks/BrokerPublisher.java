package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.eclipse.jetty.util.Promise;

/**
 * Publishes payment requests with an idempotent producer ({@code acks=all}) in the style's idiom:
 * Kafka's own {@code send(record, Callback)}, reported to a Jetty {@link Promise}
 * once, on Jetty's threads as an HTTP answer is, or on the timer when the broker did not acknowledge
 * within callTimeout ({@link CallFailure#brokerUnavailable}).
 *
 * <p>Every send runs on the producer's publishing thread
 * ({@link PaymentRequestProducer#withPublishingThread}), which may block up to {@code max.block.ms}:
 * Jetty's threads and the timer never call it (C17). Kafka then calls back on its I/O thread, which
 * must not run the workflow: the report hops onto Jetty's threads.
 */
final class BrokerPublisher implements AutoCloseable {
    private final PaymentRequestProducer producer;
    private final Duration callTimeout;
    private final Executor publishing;
    private final ScheduledExecutorService timer;
    private final Executor callbackThreads;

    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ScheduledExecutorService timer, Executor callbackThreads) {
        this.producer = PaymentRequestProducer.withPublishingThread(payments, clientId, callTimeout);
        this.callTimeout = callTimeout;
        this.timer = timer;
        this.callbackThreads = callbackThreads;
        this.publishing = producer.publishingThread();
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
        // Once close() ended the publishing thread, the task is dropped: it cancelled every checkout first.
        whenReady.accept(() -> publishing.execute(() -> {
            if (stopped.get() || report.isDone()) {
                return; // the checkout stopped (cancel, deadline, close) or timed out while this waited: never sent
            }
            send(message, answered);
        }));
        return () -> {
            stopped.set(true);
            timeout.cancel(false);
        };
    }

    /** On the publishing thread: may block up to max.block.ms; the acknowledgement reports on Jetty's threads. */
    private void send(PaymentRequestMessage message, Promise<Void> report) {
        try {
            producer.send(producer.recordOf(message), (metadata, failure) -> onCallbackThreads(() -> {
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

    /** Flushes and closes the producer, and ends the publishing thread (see {@link PaymentRequestProducer#close}). Blocks. */
    @Override
    public void close() {
        producer.close();
    }
}
