package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.User;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The checkout's eight calls with nothing around them: user, orders, the details with
 * {@code detailsConcurrency} in flight while orders remain, payment; the answers decoded with the
 * same {@link Json} every style uses, since the workflow needs the orders' ids and the details'
 * totals. No timeout, retry, deadline or cancellation: what this costs is the client's and the
 * JSON's, the floor under every style on the same client.
 */
final class FloorCheckout implements CheckoutService {
    private final RawCalls calls;
    private final int detailsConcurrency;

    FloorCheckout(RawCalls calls, int detailsConcurrency) {
        this.calls = calls;
        this.detailsConcurrency = detailsConcurrency;
    }

    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        String id = request.requestId();
        calls.get(ShopApi.userPath(request.userId()), id, (userBody, userFailed) -> {
            if (userFailed != null) {
                receipt.completeExceptionally(userFailed);
                return;
            }
            User user = Json.user(userBody);
            calls.get(ShopApi.ordersPath(user.id()), id, (ordersBody, ordersFailed) -> {
                if (ordersFailed != null) {
                    receipt.completeExceptionally(ordersFailed);
                    return;
                }
                List<Order> orders = Json.orders(ordersBody);
                if (orders.isEmpty()) {
                    receipt.complete(Receipt.nothingToPay(id, user));
                    return;
                }
                new Details(id, user, orders, receipt).start();
            });
        });
        return receipt;
    }

    /** The sliding window over the orders' details, then the payment once the last detail is in. */
    private final class Details {
        private final String requestId;
        private final User user;
        private final List<Order> orders;
        private final CompletableFuture<Receipt> receipt;
        private final AtomicReferenceArray<OrderDetails> fetched;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger remaining;

        Details(String requestId, User user, List<Order> orders, CompletableFuture<Receipt> receipt) {
            this.requestId = requestId;
            this.user = user;
            this.orders = orders;
            this.receipt = receipt;
            this.fetched = new AtomicReferenceArray<>(orders.size());
            this.remaining = new AtomicInteger(orders.size());
        }

        void start() {
            for (int i = 0; i < Math.min(detailsConcurrency, orders.size()); i++) fetchNext();
        }

        private void fetchNext() {
            int index = next.getAndIncrement();
            if (index >= orders.size() || receipt.isDone()) return;
            calls.get(ShopApi.detailsPath(orders.get(index).id()), requestId, (body, failed) -> {
                if (failed != null) {
                    receipt.completeExceptionally(failed);
                    return;
                }
                fetched.set(index, Json.details(body));
                if (remaining.decrementAndGet() == 0) pay();
                else fetchNext();
            });
        }

        private void pay() {
            List<OrderDetails> details = java.util.stream.IntStream.range(0, orders.size()).mapToObj(fetched::get).toList();
            byte[] payment = Json.write(PaymentRequest.forDetails(user, details));
            calls.post(ShopApi.PAYMENTS_PATH, requestId, payment, (body, failed) -> {
                if (failed != null) receipt.completeExceptionally(failed);
                else receipt.complete(Receipt.paid(requestId, user, orders, details, Json.payment(body)));
            });
        }
    }

    @Override
    public void close() {
        calls.close();
    }
}
