package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.core.SingleEmitter;
import io.reactivex.rxjava3.subjects.CompletableSubject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The checkouts waiting for their payment's outcome, each a {@link SingleEmitter} signalled on the
 * service loop. The service's one {@link PaymentOutcomeConsumer} (shared/broker-client) reads the
 * outcome topic and hands every outcome here; the first for a request id wins, a later copy finds
 * nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private final Executor signals;
    private final Map<String, SingleEmitter<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final CompletableSubject listening = CompletableSubject.create();
    private final PaymentOutcomeConsumer consumer;

    /** @param signals the service loop: outcomes are signalled there, never on the consumer's thread (C34) */
    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Executor signals) {
        this.signals = signals;
        this.consumer = new PaymentOutcomeConsumer(payments, clientId, callTimeout, listening::onComplete, this::dispatch);
    }

    /** Completes once every partition's position is fixed: publishing may start then. */
    Completable listening() {
        return listening;
    }

    /**
     * The outcome of this request id, signalled on the service loop. The wait is registered when the
     * Single is subscribed: subscribe it before publishing the request, since an outcome that arrives
     * before anyone waits for it is dropped. Disposing it (a cancel, the deadline, close) removes the
     * wait through {@code setCancellable}; it takes nothing back: an acknowledged request is charged
     * once, later.
     */
    Single<PaymentOutcome> outcomeOf(String requestId) {
        return Single.create(emitter -> {
            awaiting.put(requestId, emitter);
            emitter.setCancellable(() -> awaiting.remove(requestId, emitter));
        });
    }

    private void dispatch(PaymentOutcome outcome) {
        SingleEmitter<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting != null) {
            // The first wins: a redelivered copy, or another service's checkout, finds nobody. On the
            // loop, never beside a dispose; after one, onSuccess does nothing.
            signals.execute(() -> waiting.onSuccess(outcome));
        }
    }

    /** Stops the consumer and waits for its thread to end. Blocks. */
    @Override
    public void close() {
        consumer.close();
    }
}
