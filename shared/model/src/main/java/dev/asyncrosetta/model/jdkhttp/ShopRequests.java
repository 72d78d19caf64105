package dev.asyncrosetta.model.jdkhttp;

import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The shop's four calls as {@code java.net.http} requests, for every style built on that client:
 * each carries its request id, and the payment carries the request id as its Idempotency-Key too,
 * so every retry of one checkout's payment is the same payment to the shop.
 */
public final class ShopRequests {
    private final URI base;

    private ShopRequests(URI base) {
        this.base = base;
    }

    /**
     * Requests without a timeout of their own. {@code HttpRequest.timeout} bounds only the wait for
     * the response headers (JDK 17 to 25), not the body, so every style on this client times the
     * whole exchange itself and cancels it when its callTimeout runs out (the contract's C21).
     */
    public static ShopRequests untimed(URI base) {
        return new ShopRequests(base);
    }

    public HttpRequest user(String requestId, String userId) {
        return get(requestId, ShopApi.userPath(userId));
    }

    public HttpRequest orders(String requestId, String userId) {
        return get(requestId, ShopApi.ordersPath(userId));
    }

    public HttpRequest details(String requestId, String orderId) {
        return get(requestId, ShopApi.detailsPath(orderId));
    }

    public HttpRequest pay(String requestId, PaymentRequest payment) {
        return request(requestId, ShopApi.PAYMENTS_PATH)
                .header(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId)
                .header("Content-Type", ShopApi.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(payment)))
                .build();
    }

    private HttpRequest get(String requestId, String path) {
        return request(requestId, path).GET().build();
    }

    private HttpRequest.Builder request(String requestId, String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header(ShopApi.REQUEST_ID_HEADER, requestId)
                .header("Accept", ShopApi.JSON);
    }
}
