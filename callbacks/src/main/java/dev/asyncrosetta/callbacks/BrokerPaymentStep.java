package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.brokerclient.BrokerClose;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Promise;

/**
 * The payment step of a service that pays through the broker: the publisher, and in
 * {@link BrokerPayments.Mode#AWAIT_OUTCOME} the one outcome listener the service's checkouts share.
 * Both report in the style's idiom: a Jetty {@link Promise}, on Jetty's threads or the timer, and an
 * {@link Abortable} to stop the wait.
 */
final class BrokerPaymentStep implements AutoCloseable {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final String clientId;
    private final BrokerPublisher publisher;
    private final OutcomeListener outcomes; // null when the checkout carries on without the outcome

    /** @param callbackThreads Jetty's threads, where every report from a Kafka thread hops to */
    BrokerPaymentStep(BrokerPayments payments, Duration callTimeout, ScheduledExecutorService timer, Executor callbackThreads) {
        // The threads named after it start "broker-" or "kafka-": they block by design, and "callbacks-"
        // marks the threads that must not (C17).
        this.clientId = "callbacks-checkout-" + SERVICES.incrementAndGet();
        this.outcomes = payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME
                ? new OutcomeListener(payments, clientId, callTimeout, callbackThreads)
                : null;
        try {
            this.publisher = new BrokerPublisher(payments, clientId, callTimeout, timer, callbackThreads);
        } catch (RuntimeException refused) {
            // Kafka refused the producer's configuration: the outcome consumer built above must not outlive open() (M12)
            if (outcomes != null) outcomes.close();
            throw refused;
        }
    }

    boolean awaitsOutcome() {
        return outcomes != null;
    }

    /** Reports once the broker acknowledged the request (see {@link BrokerPublisher#publish}). */
    Abortable publish(PaymentRequestMessage message, Promise<Void> done) {
        // Awaiting: not before the listener has fixed its positions, or the outcome could come before them.
        return publisher.publish(message, outcomes == null ? Runnable::run : outcomes::whenListening, done);
    }

    /** Only when {@link #awaitsOutcome}; call before {@link #publish}. */
    Abortable outcomeOf(String requestId, Promise<PaymentOutcome> done) {
        return outcomes.outcomeOf(requestId, done);
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

    /** For a close() on a Jetty thread or the timer, which must not block (C17): {@link #close} on a thread of its own. */
    void closeWithoutWaiting() {
        BrokerClose.onThreadOfItsOwn(clientId, this::close);
    }
}
