package dev.asyncrosetta.reactor;

import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.KafkaException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes payment requests through the service's {@link PaymentRequestProducer} (shared/broker-client): a small
 * {@code Mono.create} adapter around Kafka's {@code send(record, callback)}, which succeeds once the
 * broker has acknowledged the record and fails with {@link CallFailure#brokerUnavailable} when it did
 * not within callTimeout.
 *
 * <p>Why not reactor-kafka's {@code KafkaSender}: reactor-kafka is discontinued (its last release
 * was in 2025) and calls producer API that Kafka 4 removed, so it does not run against the 4.x
 * client this project uses. The adapter is the part of it a checkout needs.
 *
 * <p>Why a scheduler of its own: {@code send} is not asynchronous all the way. Before it queues the
 * record it waits for the topic's metadata (the first send, or a broker that is down) and for room in
 * the buffer, each up to {@code max.block.ms}. On the timer or an event loop that would stall every
 * checkout (and C17 forbids it), so the adapter is subscribed on {@code broker-publisher-reactor-N}, a
 * bounded-elastic scheduler of one thread: Reactor lets its threads block, where its single and
 * parallel schedulers' threads tell BlockHound they must not.
 */
final class BrokerPublisher implements AutoCloseable {
    private final PaymentRequestProducer producer;
    private final Duration callTimeout;
    private final Scheduler publishing;
    private final Scheduler signals;

    /** @param signals where the acknowledgement is signalled: never Kafka's I/O thread (C34) */
    BrokerPublisher(BrokerPayments payments, String clientId, Duration callTimeout, Scheduler signals) {
        this.producer = new PaymentRequestProducer(payments, clientId, callTimeout);
        this.callTimeout = callTimeout;
        this.signals = signals;
        // One thread, its queue unbounded: a checkout handing it a record never waits for room.
        this.publishing = Schedulers.newBoundedElastic(1, Integer.MAX_VALUE, "broker-publisher-" + clientId, 60, true);
    }

    /**
     * Publishes the message once {@code ready} completes; succeeds, on the signals scheduler, when the
     * broker acknowledged it, and fails with {@link CallFailure#brokerUnavailable} when it did not
     * within callTimeout (the {@code timeout} counts from the subscription, the wait for
     * {@code ready} included). Cancelling it before the publishing thread took the record means the
     * record is never sent; once sent, it may still arrive (and then be charged once).
     */
    Mono<Void> publish(PaymentRequestMessage message, Mono<Void> ready) {
        return ready.then(send(message).subscribeOn(publishing))
                .publishOn(signals)
                .timeout(callTimeout, signals)
                .onErrorMap(TimeoutException.class, CallFailure::brokerUnavailable);
    }

    /** Runs on the publishing thread, where it may block up to max.block.ms. */
    private Mono<Void> send(PaymentRequestMessage message) {
        return Mono.<Void>create(sink -> {
            // A cancel (the timeout, the deadline, the caller, close) can take back only a record not
            // handed to the producer yet; one already sent may still reach the broker, charged once.
            AtomicBoolean stopped = new AtomicBoolean();
            sink.onCancel(() -> stopped.set(true));
            if (stopped.get()) {
                return; // cancelled between subscribeOn's hand-over and here: never sent
            }
            try {
                producer.send(producer.recordOf(message), (metadata, failure) -> {
                    if (failure == null) {
                        sink.success();
                    } else {
                        fail(sink, stopped, failure);
                    }
                });
            } catch (KafkaException refused) {
                fail(sink, stopped, refused); // a metadata timeout, or the producer closed
            }
        });
    }

    /**
     * A failure after a cancel (a delivery timeout of a record whose checkout stopped, the producer
     * closing) has nobody to reach: the sink would hand it to Reactor's onErrorDropped hook, which
     * logs it as an error. Dropped here instead, as nothing went wrong that anyone waits to hear.
     */
    private static void fail(MonoSink<Void> sink, AtomicBoolean stopped, Exception failure) {
        if (!stopped.get()) {
            sink.error(CallFailure.brokerUnavailable(failure));
        }
    }

    /**
     * Sends what was handed to the producer and waits for its acknowledgements (at most a few
     * seconds), then closes the producer and ends the publishing thread. A send blocked in a metadata
     * wait is woken by the close and fails.
     */
    @Override
    public void close() {
        try {
            producer.close();
        } finally {
            publishing.dispose();
        }
    }
}
