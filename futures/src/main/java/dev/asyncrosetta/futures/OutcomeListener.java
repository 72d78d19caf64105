package dev.asyncrosetta.futures;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The checkouts waiting for their payment's outcome, each a CompletableFuture completed on the workers.
 * The service's one {@link PaymentOutcomeConsumer} (shared/broker-client) reads the outcome topic and
 * hands every outcome here; the first for a request id wins, a later copy finds nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private final Executor workers;
    private final Map<String, CompletableFuture<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final PaymentOutcomeConsumer consumer;

    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Executor workers) {
        this.workers = workers;
        this.consumer = new PaymentOutcomeConsumer(payments, clientId, callTimeout, () -> listening.complete(null), this::dispatch);
    }

    /** Completes once every partition's position is fixed: publishing may start then. */
    CompletableFuture<Void> listening() {
        return listening;
    }

    /**
     * The outcome of this request id, completed on the workers. Call it before publishing the request:
     * an outcome that arrives before anyone waits for it is dropped. Cancelling it stops the wait.
     */
    CompletableFuture<PaymentOutcome> outcomeOf(String requestId) {
        CompletableFuture<PaymentOutcome> outcome = new CompletableFuture<>();
        awaiting.put(requestId, outcome);
        outcome.whenComplete((value, failure) -> awaiting.remove(requestId, outcome));
        return outcome;
    }

    /** On the consumer's thread, which must not run the checkout's continuations: they go to the workers. */
    private void dispatch(PaymentOutcome outcome) {
        CompletableFuture<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting == null) {
            return; // a redelivered copy, or another service's checkout
        }
        try {
            workers.execute(() -> waiting.complete(outcome));
        } catch (RejectedExecutionException closed) {
            // close() cancelled every checkout before shutting the workers
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
