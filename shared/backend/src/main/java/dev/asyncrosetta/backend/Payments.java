package dev.asyncrosetta.backend;

import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The payment side of the shop, idempotent by key: the first request with a key charges (201), a
 * replay with the same key and body answers the same payment without charging again (200), and the
 * same key with another body is refused (409).
 */
final class Payments {
    private record Captured(PaymentRequest request, Payment payment) {}

    private final ShopData data;
    private final Ledger ledger;
    private final Map<String, Captured> byKey = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Payments(ShopData data, Ledger ledger) {
        this.data = data;
        this.ledger = ledger;
    }

    Answer pay(String idempotencyKey, String requestId, PaymentRequest request) {
        Captured earlier = byKey.get(idempotencyKey);
        if (earlier != null) return replay(earlier, request);
        String problem = problemWith(request);
        if (problem != null) return Answer.error(400, "bad_payment", problem);
        if (data.isDeclining(request.userId())) return Answer.error(402, "declined", "card_declined");

        Payment payment = new Payment("pay-" + ids.incrementAndGet(), request.userId(), request.amountCents(),
                request.orderIds(), Payment.CAPTURED);
        Captured captured = new Captured(request, payment);
        earlier = byKey.putIfAbsent(idempotencyKey, captured);
        if (earlier != null) return replay(earlier, request);
        ledger.charged(new Charge(idempotencyKey, requestId, payment, System.nanoTime()));
        return Answer.created(payment);
    }

    private static Answer replay(Captured earlier, PaymentRequest request) {
        return earlier.request().equals(request)
                ? Answer.ok(earlier.payment())
                : Answer.error(409, "idempotency_key_reused", "this key was used for another payment");
    }

    /**
     * A payment must name exactly the open orders of its user (every one, no other, none twice, in
     * any order) for exactly their total.
     */
    private String problemWith(PaymentRequest request) {
        if (!data.hasUser(request.userId())) return "unknown user " + request.userId();
        if (request.orderIds().isEmpty()) return "no orders to pay";
        if (new HashSet<>(request.orderIds()).size() != request.orderIds().size()) return "an order is listed twice";
        List<String> open = data.openOrders(request.userId()).stream().map(Order::id).toList();
        List<String> notOpen = request.orderIds().stream().filter(id -> !open.contains(id)).toList();
        if (!notOpen.isEmpty()) return "orders not open for this user: " + notOpen;
        List<String> missing = open.stream().filter(id -> !request.orderIds().contains(id)).toList();
        if (!missing.isEmpty()) return "open orders missing from the payment: " + missing;
        long total = request.orderIds().stream().mapToLong(id -> data.details(id).totalCents()).sum();
        if (total != request.amountCents()) return "amount " + request.amountCents() + " is not the orders' total " + total;
        return null;
    }
}
