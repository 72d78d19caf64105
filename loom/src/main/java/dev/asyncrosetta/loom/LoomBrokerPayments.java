package dev.asyncrosetta.loom;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.brokerclient.PaymentRequestProducer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Paying through the broker, blocking: the checkout's own thread publishes with
 * {@code send(record).get(callTimeout)} on the service's {@link PaymentRequestProducer}
 * (shared/broker-client) and, awaiting, waits for its outcome. Blocking is this style's model, so
 * {@code send} blocking on metadata is its thread's business, bounded by {@code max.block.ms} =
 * callTimeout; an interrupt (cancel, deadline, close) ends either wait. No publishing thread: the
 * checkout's virtual (or platform) thread is the thread that may block.
 *
 * <p>Outcomes come from the service's one {@link PaymentOutcomeConsumer}, which hands each to the
 * checkout waiting for its request id here: completing its CompletableFuture on the consumer's thread
 * only wakes the checkout's thread, which carries on by itself. The first outcome per request id wins.
 */
final class LoomBrokerPayments {
    private static final AtomicInteger SERVICES = new AtomicInteger();

    private final BrokerPayments payments;
    private final Duration callTimeout;
    private final PaymentRequestProducer producer;
    private final PaymentOutcomeConsumer consumer; // null unless awaiting outcomes
    private final Map<String, CompletableFuture<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    LoomBrokerPayments(BrokerPayments payments, Duration callTimeout, String threadPrefix) {
        this.payments = payments;
        this.callTimeout = callTimeout;
        String clientId = threadPrefix + "checkout-" + SERVICES.incrementAndGet();
        this.producer = new PaymentRequestProducer(payments, clientId, callTimeout);
        try {
            this.consumer = awaitsOutcome()
                    ? new PaymentOutcomeConsumer(payments, clientId, callTimeout, () -> listening.complete(null), this::dispatch)
                    : null;
        } catch (RuntimeException refused) {
            producer.close(); // Kafka refused the consumer's configuration: the producer built above must not outlive open() (M12)
            throw refused;
        }
    }

    boolean awaitsOutcome() {
        return payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME;
    }

    /** Starts waiting for the request's outcome: call it before {@link #publish}, and {@link #forget} when done. */
    CompletableFuture<PaymentOutcome> expectOutcome(String requestId) {
        CompletableFuture<PaymentOutcome> outcome = new CompletableFuture<>();
        awaiting.put(requestId, outcome);
        return outcome;
    }

    void forget(String requestId) {
        awaiting.remove(requestId);
    }

    /**
     * Returns once the broker has acknowledged the message; a {@link CallFailure#brokerUnavailable}
     * when it has not within callTimeout (awaiting: also when the outcome consumer is not listening by then).
     */
    void publish(PaymentRequestMessage message) throws InterruptedException {
        long giveUp = System.nanoTime() + callTimeout.toNanos();
        try {
            if (awaitsOutcome()) {
                listening.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            producer.send(producer.recordOf(message)).get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptException interrupted) {
            throw new InterruptedException("interrupted while publishing"); // Kafka's unchecked twin of the checked one
        } catch (ExecutionException failed) {
            throw CallFailure.brokerUnavailable(failed.getCause());
        } catch (TimeoutException | KafkaException unavailable) {
            throw CallFailure.brokerUnavailable(unavailable);
        }
    }

    /** On the consumer's thread: wakes the waiting checkout's thread, which carries on by itself. */
    private void dispatch(PaymentOutcome outcome) {
        CompletableFuture<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting != null) {
            waiting.complete(outcome);
        }
    }

    /**
     * Flushes what the producer holds and closes it, then the outcome consumer, waiting for its thread,
     * within {@code grace} in all (the service's close is bounded). What is still unacknowledged when the
     * grace runs out is dropped: its checkout was already stopped, and it is the honest note's case.
     */
    void close(Duration grace) {
        long deadlineNanos = System.nanoTime() + Math.max(0, grace.toNanos());
        if (consumer != null) {
            consumer.stop();
        }
        producer.close(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
        if (consumer != null) {
            consumer.awaitEnd(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
        }
    }
}
