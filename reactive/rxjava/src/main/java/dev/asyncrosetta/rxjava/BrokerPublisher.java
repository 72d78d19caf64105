package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes payment requests through the service's {@link PaymentRequestProducer}
 * (shared/broker-client): Kafka's {@code send(record, callback)} behind {@code Single.create}, which
 * succeeds, on the service loop, once the broker has acknowledged the record, and fails with
 * {@link CallFailure#brokerUnavailable} when it did not within callTimeout.
 *
 * <p>{@code send} may block up to {@code max.block.ms}; on the service loop that would stall every
 * checkout (and C17 forbids it), so the Single is subscribed on {@code Schedulers.from} over the
 * producer's publishing thread, {@code broker-publisher-rxjava-checkout-N}, which close() ends. Its name
 * does not start "rxjava-": it may block, by design.
 */
final class BrokerPublisher implements AutoCloseable {
    private final PaymentRequestProducer producer;
    private final Duration callTimeout;
    private final Scheduler publishing;
    private final Scheduler loop;
    private final Executor signals;

    /** @param loop the service loop: the call timeout fires there, and the acknowledgement is signalled there (C34) */
    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, ServiceLoop loop) {
        this.producer = PaymentRequestProducer.withPublishingThread(payments, clientId, callTimeout);
        this.callTimeout = callTimeout;
        this.loop = loop.scheduler();
        this.signals = loop.executor();
        // A record that arrives once close() has ended the thread (a checkout cancelled already) is
        // dropped quietly, as on the ServiceLoop, rather than refused with an exception RxJava would
        // report as undeliverable.
        this.publishing = Schedulers.from(producer.publishingThread());
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
            try {
                producer.send(producer.recordOf(message), (metadata, failure) -> signals.execute(() -> {
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

    /** Flushes and closes the producer, and ends the publishing thread (see {@link PaymentRequestProducer#close}). Blocks. */
    @Override
    public void close() {
        producer.close();
    }
}
