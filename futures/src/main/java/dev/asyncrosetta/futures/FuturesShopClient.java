package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.jdkhttp.JdkHttpFailures;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.RunningCheckouts;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.jdkhttp.ShopRequests;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The shop's four calls as CompletableFutures over {@link HttpClient#sendAsync}. Each future is a
 * stage derived from sendAsync's own, so {@code cancel(true)} on it aborts the HTTP exchange; each
 * fails with a {@link CallFailure} by {@link JdkHttpFailures#classify}'s rule, or with a bug as it is.
 */
final class FuturesShopClient implements AutoCloseable {
    private volatile HttpClient http;
    private final ShopRequests requests;
    private final Duration callTimeout;
    private final ScheduledExecutorService timer;
    private final Executor executor;

    FuturesShopClient(URI base, Duration callTimeout, ScheduledExecutorService timer, Executor executor) {
        // side-by-side: begin timeout
        // Untimed requests: send() times each call on the style's own timer (see there why).
        this.requests = ShopRequests.untimed(base);
        this.callTimeout = callTimeout;
        this.timer = timer;
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
        HttpClient client = http;
        if (client == null) {
            return CompletableFuture.failedFuture(RunningCheckouts.closedService()); // close() raced this call
        }
        CallTrace.Span trace = CallTrace.start(request.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""), step,
                request.uri().getPath());
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, JdkHttpFailures.bodyWithinLimit());
        AtomicBoolean timedOut = new AtomicBoolean();
        cancelAfterCallTimeout(exchange, timedOut);
        return exchange.handleAsync((response, failure) -> {
            if (failure != null) {
                // A cancelled exchange fails like any other ("Request cancelled"): only the flag tells a timeout.
                Throwable classified = timedOut.get() ? CallFailure.timeout(failure) : JdkHttpFailures.classify(failure);
                trace.end(CallTrace.outcomeOf(classified));
                throw classified instanceof RuntimeException unchecked ? unchecked : new CompletionException(classified);
            }
            trace.end(String.valueOf(response.statusCode()));
            CallFailure.requireSuccess(response.statusCode());
            return decode.apply(response.body());
        }, executor);
    }
    // side-by-side: end http-call

    // side-by-side: begin timeout
    /**
     * Cancels the exchange once callTimeout has passed, whatever it is still waiting for. Neither
     * one-liner does that: {@code HttpRequest.timeout} (JDK 17-25) bounds only the wait for the
     * response headers, so a body that stalls after them runs on; {@code orTimeout} fails the future
     * and leaves the exchange running. {@code cancel(true)} on sendAsync's future aborts the exchange
     * (for HTTP/1.1 the client closes the connection), so the shop sees the call end.
     */
    private void cancelAfterCallTimeout(CompletableFuture<?> exchange, AtomicBoolean timedOut) {
        try {
            ScheduledFuture<?> timeout = timer.schedule(() -> {
                if (!exchange.isDone()) {
                    timedOut.set(true);
                    exchange.cancel(true);
                }
            }, callTimeout.toNanos(), TimeUnit.NANOSECONDS);
            exchange.whenComplete((answer, failure) -> timeout.cancel(false));
        } catch (RejectedExecutionException closing) {
            exchange.cancel(true); // the service closed meanwhile, cancelling its checkouts: no call may outlive it
        }
    }
    // side-by-side: end timeout

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
