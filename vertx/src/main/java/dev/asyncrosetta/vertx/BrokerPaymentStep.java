package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The payment step of a service that pays through the broker: the publisher, and in
 * {@link BrokerPayments.Mode#AWAIT_OUTCOME} the one outcome listener the service's checkouts share.
 * Every future it answers completes on the calling checkout's context.
 */
final class BrokerPaymentStep {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final BrokerPublisher publisher;
    private final OutcomeListener outcomes; // null when the checkout carries on without the outcome

    BrokerPaymentStep(Vertx vertx, BrokerPayments payments, Duration callTimeout) {
        // The Kafka threads named after it ("kafka-...", "broker-outcomes-...") block by design; only
        // "vert.x-eventloop-thread-" marks the threads that must not (C17).
        String clientId = "vertx-checkout-" + SERVICES.incrementAndGet();
        this.outcomes = payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME
                ? new OutcomeListener(payments, clientId, callTimeout)
                : null;
        try {
            this.publisher = new BrokerPublisher(vertx, payments, clientId, callTimeout);
        } catch (RuntimeException refused) {
            // Kafka refused the producer's configuration: the outcome consumer built above must not outlive open() (M12)
            if (outcomes != null) {
                outcomes.close();
                outcomes.awaitEnd();
            }
            throw refused;
        }
    }

    boolean awaitsOutcome() {
        return outcomes != null;
    }

    /** On the checkout's context; completes there once the broker acknowledged the request (see {@link BrokerPublisher#publish}). */
    Future<Void> publish(PaymentRequestMessage message, InFlight inFlight) {
        // Awaiting: not before the listener has fixed its positions, or the outcome could come before them.
        Future<Void> ready = outcomes == null ? Future.succeededFuture() : outcomes.listening(Vertx.currentContext());
        return publisher.publish(message, ready, inFlight);
    }

    /** Only when {@link #awaitsOutcome}; on the checkout's context, before {@link #publish}. */
    Future<PaymentOutcome> outcomeOf(String requestId, InFlight inFlight) {
        Context context = Vertx.currentContext();
        return outcomes.outcomeOf(requestId, context, inFlight);
    }

    /** Stops the listener's thread and closes the producer (flushing it on a worker); safe on an event loop. */
    Future<Void> close() {
        if (outcomes != null) {
            outcomes.close();
        }
        return publisher.close();
    }

    /** Off the event loops only: waits for the listener's thread to end. */
    void awaitEnd() {
        if (outcomes != null) {
            outcomes.awaitEnd();
        }
    }
}
