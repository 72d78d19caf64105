package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Promise;

/**
 * The callbacks waiting for their payment's outcome, each a Jetty {@link Promise} reported on Jetty's
 * threads. The service's one {@link PaymentOutcomeConsumer} (shared/broker-client) reads the outcome
 * topic and hands every outcome here; the first for a request id wins, a later copy finds nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private final Executor callbackThreads;
    private final Map<String, Promise<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    /** The publishes waiting for the positions to be fixed; null once they are (guarded by this). */
    private List<Runnable> untilListening = new ArrayList<>();
    private final PaymentOutcomeConsumer consumer;

    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Executor callbackThreads) {
        this.callbackThreads = callbackThreads;
        this.consumer = new PaymentOutcomeConsumer(payments, clientId, callTimeout, this::listening, this::dispatch);
    }

    /**
     * Runs the task once every partition's position is fixed (publishing may start then): now, on the
     * caller's thread, if they are; else on the consumer's thread when they are. The task must not block.
     */
    void whenListening(Runnable task) {
        synchronized (this) {
            if (untilListening != null) {
                untilListening.add(task);
                return;
            }
        }
        task.run();
    }

    /**
     * Reports the outcome of this request id to {@code done}, on Jetty's threads. Call it before
     * publishing the request: an outcome that arrives before anyone waits for it is dropped. Aborting
     * takes the wait back.
     */
    Abortable outcomeOf(String requestId, Promise<PaymentOutcome> done) {
        awaiting.put(requestId, done);
        return () -> awaiting.remove(requestId, done);
    }

    private void listening() {
        List<Runnable> waiting;
        synchronized (this) {
            waiting = untilListening;
            untilListening = null;
        }
        waiting.forEach(Runnable::run);
    }

    /** On the consumer's thread, which must not run the workflow's callbacks: they hop onto Jetty's. */
    private void dispatch(PaymentOutcome outcome) {
        Promise<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting == null) {
            return; // a redelivered copy, or another service's checkout
        }
        try {
            callbackThreads.execute(() -> waiting.succeeded(outcome));
        } catch (RejectedExecutionException closedUnderIt) {
            // close() cancelled every checkout before stopping Jetty
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
