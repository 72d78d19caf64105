package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Wraps the shop client and notes where the workflow called it, where each answer or failure
 * arrived, and where an abort stopped it.
 */
final class RecordingShopClient implements VertxShopClient {

    /** One event: "details called", "details answered", "details failed", "details stopped" ... */
    record Seen(String event, Throwable failure, Thread thread, Context context) {}

    private final VertxShopClient shop;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    RecordingShopClient(VertxShopClient shop) {
        this.shop = shop;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String event) {
        return seen.stream().filter(s -> s.event().equals(event)).toList();
    }

    @Override
    public Future<User> user(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
        return record("user", inFlight, () -> shop.user(requestId, userId, inFlight, trace));
    }

    @Override
    public Future<List<Order>> orders(String requestId, String userId, InFlight inFlight, io.opentelemetry.context.Context trace) {
        return record("orders", inFlight, () -> shop.orders(requestId, userId, inFlight, trace));
    }

    @Override
    public Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight, io.opentelemetry.context.Context trace) {
        return record("details", inFlight, () -> shop.details(requestId, orderId, inFlight, trace));
    }

    @Override
    public Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight, io.opentelemetry.context.Context trace) {
        return record("payment", inFlight, () -> shop.pay(requestId, payment, inFlight, trace));
    }

    private <T> Future<T> record(String call, InFlight inFlight, Supplier<Future<T>> invoke) {
        note(call + " called", null);
        Future<T> answer = invoke.get().andThen(result -> note(call + (result.succeeded() ? " answered" : " failed"), result.cause()));
        // Notes where the checkout's abort reaches this call, whichever thread asked for the abort.
        return inFlight.track(answer, () -> note(call + " stopped", null));
    }

    private void note(String event, Throwable failure) {
        seen.add(new Seen(event, failure, Thread.currentThread(), Vertx.currentContext()));
    }
}
