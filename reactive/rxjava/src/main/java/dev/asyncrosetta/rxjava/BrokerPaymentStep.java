package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The payment step of a service that pays through the broker: the publisher, and in
 * {@link BrokerPayments.Mode#AWAIT_OUTCOME} the one outcome listener the service's checkouts share.
 */
final class BrokerPaymentStep implements AutoCloseable {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final BrokerPublisher publisher;
    private final OutcomeListener outcomes; // null when the checkout carries on without the outcome

    /** @param loop the service loop: acknowledgements and outcomes are signalled there, never on Kafka's threads */
    BrokerPaymentStep(BrokerPayments payments, Duration callTimeout, ServiceLoop loop) {
        // The threads named after it start "broker-" or "kafka-": they block by design, and "rxjava-"
        // marks the threads that must not (C17).
        String clientId = "rxjava-checkout-" + SERVICES.incrementAndGet();
        this.outcomes = payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME
                ? new OutcomeListener(payments, clientId, callTimeout, loop.executor())
                : null;
        try {
            this.publisher = new BrokerPublisher(payments, clientId, callTimeout, loop);
        } catch (RuntimeException refused) {
            // Kafka refused the producer's configuration: the outcome consumer built above must not outlive open() (M12)
            if (outcomes != null) outcomes.close();
            throw refused;
        }
    }

    boolean awaitsOutcome() {
        return outcomes != null;
    }

    /** Succeeds once the broker acknowledged the request (see {@link BrokerPublisher#publish}). */
    Single<RecordMetadata> publish(PaymentRequestMessage message) {
        // Awaiting: not before the listener has fixed its positions, or the outcome could come before them.
        return publisher.publish(message, outcomes == null ? Completable.complete() : outcomes.listening());
    }

    /** Only when {@link #awaitsOutcome}; subscribe it before {@link #publish}. */
    Single<PaymentOutcome> outcomeOf(String requestId) {
        return outcomes.outcomeOf(requestId);
    }

    @Override
    public void close() {
        try {
            publisher.close();
        } finally {
            if (outcomes != null) {
                outcomes.close();
            }
        }
    }
}
