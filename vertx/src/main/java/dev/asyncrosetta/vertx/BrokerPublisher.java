package dev.asyncrosetta.vertx;

import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.brokerclient.PaymentRequestRecord;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes payment requests through vertx-kafka-client's {@link KafkaProducer}, over the service's
 * {@link PaymentRequestProducer} (shared/broker-client): its {@code send} answers a Vert.x future and
 * is the Vert.x way to reach Kafka. It sends through its {@code asStream()}, which takes Kafka's own
 * record as it is, the shared {@link PaymentRequestRecord} included.
 *
 * <p>Why it never blocks an event loop: Kafka's own {@code send} may wait for the topic's metadata or
 * for room in the buffer, up to {@code max.block.ms} (= callTimeout here). Vert.x's producer hands that
 * call to a worker context of its own (ordered, on {@code vert.x-worker-thread-n}, which may block) and
 * completes the future it returned on the context that called {@code send}: the checkout's, whatever
 * thread Kafka acknowledges on. So a checkout publishes from its event loop and hears back there.
 *
 * <p>Why the record is withdrawn when the checkout stops: that worker is one queue for every send of
 * the service, so a record can wait there, behind a send blocked on metadata, long after its checkout
 * handed it over. Still in Vert.x's queue, it is not in Kafka's producer yet, and the honest note
 * promises it is never sent: a stopped checkout withdraws it, and the shared producer skips it.
 */
final class BrokerPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final PaymentRequestProducer requests;
    private final Duration callTimeout;
    private final Vertx vertx;

    BrokerPublisher(Vertx vertx, BrokerPayments payments, String clientId, Duration callTimeout) {
        this.vertx = vertx;
        this.requests = new PaymentRequestProducer(payments, clientId, callTimeout);
        this.producer = KafkaProducer.create(vertx, requests.kafkaProducer());
        // Every failure reaches the checkout through the future send returned; without a handler Vert.x
        // would also report each one to the context as an uncaught exception, and log it twice.
        this.producer.exceptionHandler(failure -> {});
        this.callTimeout = callTimeout;
    }

    /**
     * On the checkout's context: hands the record to the producer once {@code ready} succeeds, and
     * succeeds there once the broker acknowledged it; fails with {@link CallFailure#brokerUnavailable}
     * when it did not within callTimeout, counted from now (a Vert.x timer on the same context, which
     * {@code inFlight} cancels if the checkout stops first). A checkout that stopped, or timed out,
     * before its record reached Kafka's producer never sends it; once there, the record may still
     * arrive after the checkout stopped waiting (then it is charged once).
     */
    Future<Void> publish(PaymentRequestMessage message, Future<Void> ready, InFlight inFlight) {
        Promise<Void> acknowledged = Promise.promise();
        PaymentRequestRecord record = requests.recordOf(message);
        Timer timeout = vertx.timer(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        inFlight.track(timeout, timeout::cancel);
        inFlight.track(acknowledged.future(), record::withdraw);
        timeout.onSuccess(expired -> acknowledged.tryFail(CallFailure.brokerUnavailable(
                new TimeoutException("no acknowledgement within " + callTimeout.toMillis() + " ms"))));
        ready.onSuccess(listening -> {
            if (acknowledged.future().isComplete()) {
                return; // timed out while waiting to be ready: never sent
            }
            inFlight.start(() -> producer.asStream().send(record)).onComplete(
                    metadata -> acknowledged.tryComplete(),
                    failure -> acknowledged.tryFail(failure instanceof KafkaException ? CallFailure.brokerUnavailable(failure) : failure));
        });
        return acknowledged.future().andThen(decided -> {
            timeout.cancel();
            record.withdraw(); // timed out: the checkout fails now, so a record still queued stays unsent
        });
    }

    /**
     * Sends what was handed to the producer and waits for its acknowledgements (a few seconds at most),
     * on a worker. The producer's close, not its stream's: the stream's answers on the context it was
     * called from, and VertxCheckout.close chains the instance's close onto it, whose answer would
     * then be delivered onto an event loop the close has just ended, and never arrive.
     */
    Future<Void> close() {
        return producer.close(PaymentRequestProducer.CLOSE_TIMEOUT.toMillis());
    }
}
