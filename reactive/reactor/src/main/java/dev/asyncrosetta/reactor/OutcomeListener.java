package dev.asyncrosetta.reactor;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The checkouts waiting for their payment's outcome, each a {@link MonoSink} whose Mono signals on the
 * style's timer. The service's one {@link PaymentOutcomeConsumer} (shared/broker-client) reads the
 * outcome topic and hands every outcome here; the first for a request id wins, a later copy finds
 * nobody waiting.
 */
final class OutcomeListener implements AutoCloseable {
    private final Scheduler signals;
    private final Map<String, MonoSink<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
    private final Sinks.Empty<Void> listening = Sinks.empty();
    private final PaymentOutcomeConsumer consumer;

    /** @param signals where outcomes are signalled: never the consumer's thread (C34) */
    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout, Scheduler signals) {
        this.signals = signals;
        this.consumer = new PaymentOutcomeConsumer(payments, clientId, callTimeout, listening::tryEmitEmpty, this::dispatch);
    }

    /** Completes once every partition's position is fixed: publishing may start then. */
    Mono<Void> listening() {
        return listening.asMono();
    }

    /**
     * The outcome of this request id, signalled on the signals scheduler. The wait is registered when
     * the Mono is subscribed: subscribe it before publishing the request, since an outcome that
     * arrives before anyone waits for it is dropped. However the subscription ends (the outcome, a
     * cancel, the deadline, close), {@code onDispose} removes the wait; an outcome arriving later
     * finds nobody. Stopping the wait takes nothing back: an acknowledged request is charged once.
     */
    Mono<PaymentOutcome> outcomeOf(String requestId) {
        return Mono.<PaymentOutcome>create(sink -> {
                    awaiting.put(requestId, sink);
                    sink.onDispose(() -> awaiting.remove(requestId, sink));
                })
                .publishOn(signals);
    }

    /** On the consumer's thread: the sink's publishOn takes the signal off it. */
    private void dispatch(PaymentOutcome outcome) {
        MonoSink<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
        if (waiting != null) {
            waiting.success(outcome); // the first wins: a redelivered copy, or another service's checkout, finds nobody
        }
    }

    /** Stops the consumer and waits for its thread to end. Blocks. */
    @Override
    public void close() {
        consumer.close();
    }
}
