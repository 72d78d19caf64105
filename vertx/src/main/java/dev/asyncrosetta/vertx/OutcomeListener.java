package dev.asyncrosetta.vertx;

import dev.asyncrosetta.brokerclient.PaymentOutcomeConsumer;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.PaymentOutcome;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The checkouts waiting for their payment's outcome, each a Vert.x {@link Promise} completed on its own
 * checkout's context. The service's one {@link PaymentOutcomeConsumer} (shared/broker-client) reads the
 * outcome topic and hands every outcome here; the first for a request id wins.
 *
 * <p>Why Kafka's plain consumer (through shared/broker-client) and not vertx-kafka-client's: the waits
 * live on many contexts, one per checkout, so Vert.x's consumer, which delivers every record on the one
 * context that created it, would only add a hop through a context no checkout lives on. Its poll loop
 * is a thread of its own anyway; so is the shared consumer's, and it may block (it is no event loop).
 * And what the contract needs before the first publish (the partitions, asked again while the broker
 * is unreachable, then every position fixed at the end) is a blocking sequence that reads plainly
 * there and as a chain of futures in Vert.x's.
 */
final class OutcomeListener {
    private static final Duration END_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Waiting> awaiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final PaymentOutcomeConsumer consumer;

    /** A checkout's wait: its promise, completed on its context only. */
    private record Waiting(Context context, Promise<PaymentOutcome> outcome) {}

    OutcomeListener(BrokerPayments payments, String clientId, Duration callTimeout) {
        this.consumer = new PaymentOutcomeConsumer(payments, clientId, callTimeout, () -> listening.complete(null), this::dispatch);
    }

    /** On the checkout's context: succeeds there once every partition's position is fixed; publishing may start then. */
    Future<Void> listening(Context context) {
        return Future.fromCompletionStage(listening, context);
    }

    /**
     * On the checkout's context: the outcome of this request id, completed there. Call it before
     * publishing the request: an outcome that arrives before anyone waits for it is dropped. Aborting
     * the checkout takes the wait back.
     */
    Future<PaymentOutcome> outcomeOf(String requestId, Context context, InFlight inFlight) {
        Promise<PaymentOutcome> outcome = Promise.promise();
        Waiting waiting = new Waiting(context, outcome);
        awaiting.put(requestId, waiting);
        return inFlight.track(outcome.future(), () -> awaiting.remove(requestId, waiting))
                .andThen(done -> awaiting.remove(requestId, waiting));
    }

    /** On the consumer's thread: the outcome hops onto its checkout's context (C34). */
    private void dispatch(PaymentOutcome outcome) {
        Waiting waiting = awaiting.remove(outcome.requestId());
        if (waiting == null) {
            return; // a redelivered copy, or another service's checkout
        }
        try {
            waiting.context().runOnContext(hop -> waiting.outcome().tryComplete(outcome));
        } catch (RejectedExecutionException closedUnderIt) {
            // the event loops are gone: close() cancelled every checkout before closing Vert.x
        }
    }

    /** Ends the thread without waiting for it (safe on an event loop); {@link #awaitEnd} waits. */
    void close() {
        consumer.stop();
    }

    /** Off the event loops only: waits for the thread to end. */
    void awaitEnd() {
        consumer.awaitEnd(END_TIMEOUT);
    }
}
