package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.ShopRequests;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The shop's four calls as CompletableFutures over {@link HttpClient#sendAsync}. Each future is a
 * stage derived from sendAsync's own, so {@code cancel(true)} on it aborts the HTTP exchange; each
 * fails with a {@link CallFailure}, never with the client's own exceptions.
 */
final class FuturesShopClient implements AutoCloseable {
    private volatile HttpClient http;
    private final ShopRequests requests;
    private final Executor executor;

    FuturesShopClient(URI base, Duration callTimeout, Executor executor) {
        // side-by-side: begin timeout
        // Each request's own timeout, unlike orTimeout on the future, makes the client abort the
        // exchange (for HTTP/1.1 it closes the connection), so the shop sees the call end.
        this.requests = ShopRequests.timedOutAfter(base, callTimeout);
        // side-by-side: end timeout
        this.executor = executor;
        // side-by-side: begin threads
        // The client runs its own asynchronous work on the workers instead of a pool it would make.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(callTimeout)
                .executor(executor)
                .build();
        // side-by-side: end threads
    }

    CompletableFuture<User> user(String requestId, String userId) {
        return send(Step.USER, requests.user(requestId, userId), Json::user);
    }

    CompletableFuture<List<Order>> orders(String requestId, String userId) {
        return send(Step.ORDERS, requests.orders(requestId, userId), Json::orders);
    }

    CompletableFuture<OrderDetails> details(String requestId, String orderId) {
        return send(Step.DETAILS, requests.details(requestId, orderId), Json::details);
    }

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    CompletableFuture<Payment> pay(String requestId, PaymentRequest payment) {
        return send(Step.PAYMENT, requests.pay(requestId, payment), Json::payment);
    }

    // side-by-side: begin http-call
    /**
     * sendAsync hands its answer over to CompletableFuture's default pool, whatever executor the
     * client was given, and on 2 cores that pool is a new thread per task. handleAsync moves the
     * answer (a failure too, which thenApplyAsync would pass along on that thread) onto the
     * workers, so every continuation of the checkout runs there.
     */
    private <T> CompletableFuture<T> send(Step step, HttpRequest request, Function<byte[], T> decode) {
        CallTrace.Span trace = CallTrace.start(request.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""), step,
                request.uri().getPath());
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handleAsync((response, failure) -> {
            if (failure != null) {
                RuntimeException callFailure = asCallFailure(failure);
                trace.end(CallTrace.outcomeOf(callFailure));
                throw callFailure;
            }
            trace.end(String.valueOf(response.statusCode()));
            CallFailure.requireSuccess(response.statusCode());
            return decode.apply(response.body());
        }, executor);
    }

    private static RuntimeException asCallFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof HttpTimeoutException) return CallFailure.timeout(cause);
        if (cause instanceof IOException) return CallFailure.connection(cause);
        // CallFailure from decoding, or a CancellationException from an abort: both pass through.
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
    // side-by-side: end http-call

    /**
     * On JDK 21+ HttpClient is AutoCloseable and closes its connections and selector thread here. On
     * JDK 17 it cannot be closed: it stops once unreachable, so the reference is dropped either way.
     */
    @Override
    public void close() {
        HttpClient closing = http;
        http = null;
        if (closing instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the HTTP client failed", e);
            }
        }
    }
}
