package dev.asyncrosetta.model;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * The shop's four calls as {@code java.net.http} requests, for every style built on that client:
 * each carries its request id, and the payment carries the request id as its Idempotency-Key too,
 * so every retry of one checkout's payment is the same payment to the shop.
 */
public final class ShopRequests {
    private final URI base;
    private final Optional<Duration> timeout;

    private ShopRequests(URI base, Optional<Duration> timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    /**
     * Each request with its own timeout. Unlike {@code orTimeout} on the future, the request's
     * timeout makes the client abort the exchange (for HTTP/1.1 it closes the connection), so the
     * shop sees the call end.
     */
    public static ShopRequests timedOutAfter(URI base, Duration timeout) {
        return new ShopRequests(base, Optional.of(timeout));
    }

    /** Requests without a timeout, for a style that times each call itself and aborts it when it fires. */
    public static ShopRequests untimed(URI base) {
        return new ShopRequests(base, Optional.empty());
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
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header(ShopApi.REQUEST_ID_HEADER, requestId)
                .header("Accept", ShopApi.JSON);
        timeout.ifPresent(request::timeout);
        return request;
    }
}
