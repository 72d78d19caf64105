package dev.asyncrosetta.reactor;

import dev.asyncrosetta.brokerclient.BrokerClose;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The payment step of a service that pays through the broker: the publisher, and in
 * {@link BrokerPayments.Mode#AWAIT_OUTCOME} the one outcome listener the service's checkouts share.
 */
final class BrokerPaymentStep implements AutoCloseable {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final String clientId;
    private final BrokerPublisher publisher;
    private final OutcomeListener outcomes; // null when the checkout carries on without the outcome

    /** @param signals the style's timer: acknowledgements and outcomes are signalled there, never on Kafka's threads */
    BrokerPaymentStep(BrokerPayments payments, Duration callTimeout, Scheduler signals) {
        // The threads named after it start "broker-" or "kafka-": they block by design, and
        // "rosetta-reactor-" marks the threads that must not (C17).
        this.clientId = "reactor-checkout-" + SERVICES.incrementAndGet();
        this.outcomes = payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME
                ? new OutcomeListener(payments, clientId, callTimeout, signals)
                : null;
        try {
            this.publisher = new BrokerPublisher(payments, clientId, callTimeout, signals);
        } catch (RuntimeException refused) {
            // Kafka refused the producer's configuration: the outcome consumer built above must not outlive open() (M12)
            if (outcomes != null) outcomes.close();
            throw refused;
        }
    }

    boolean awaitsOutcome() {
        return outcomes != null;
    }

    /** Completes once the broker acknowledged the request (see {@link BrokerPublisher#publish}). */
    Mono<Void> publish(PaymentRequestMessage message) {
        // Awaiting: not before the listener has fixed its positions, or the outcome could come before them.
        return publisher.publish(message, outcomes == null ? Mono.empty() : outcomes.listening());
    }

    /** Only when {@link #awaitsOutcome}; subscribe it before {@link #publish}. */
    Mono<PaymentOutcome> outcomeOf(String requestId) {
        return outcomes.outcomeOf(requestId);
    }

    /** Flushes and closes the producer, then the listener, waiting for their threads: blocks for seconds. */
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

    /** For a close() on the timer or an event loop, which must not block (C17): {@link #close} on a thread of its own. */
    void closeWithoutWaiting() {
        BrokerClose.onThreadOfItsOwn(clientId, this::close);
    }
}
