package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import io.vertx.core.Future;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The shop's calls over Vert.x core's own HTTP client. Every callback of an exchange runs on the
 * context that started it, so a checkout that calls from its context gets its answers there too.
 */
final class VertxHttpShopClient implements VertxShopClient {
    /**
     * HTTP/1.1 carries one exchange per connection at a time, and Vert.x's default pool keeps 5 per
     * host: that would queue a single wide fan-out and crawl under thousands of checkouts. 500, as
     * in every style with a pool: at 100 ms a call they carry 5,000 calls a second, and beyond them
     * requests wait for a free connection (W3 in docs/benchmarks.md is bound by exactly that).
     */
    static final int MAX_CONNECTIONS = 500;
    /** Unbounded: a request waiting for a connection is still bounded in time by its call timeout. */
    static final int UNBOUNDED_WAIT_QUEUE = -1;

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final URI base;
    private final long callTimeoutMillis;

    VertxHttpShopClient(Vertx vertx, URI base, Duration callTimeout) {
        this.vertx = vertx;
        this.base = base;
        this.callTimeoutMillis = callTimeout.toMillis();
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true))
                .with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS).setMaxWaitQueueSize(UNBOUNDED_WAIT_QUEUE))
                .build();
    }

    @Override
    public Future<User> user(String requestId, String userId, InFlight inFlight) {
        return get(Step.USER, requestId, ShopApi.userPath(userId), Json::user, inFlight);
    }

    @Override
    public Future<List<Order>> orders(String requestId, String userId, InFlight inFlight) {
        return get(Step.ORDERS, requestId, ShopApi.ordersPath(userId), Json::orders, inFlight);
    }

    @Override
    public Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight) {
        return get(Step.DETAILS, requestId, ShopApi.detailsPath(orderId), Json::details, inFlight);
    }

    @Override
    public Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight) {
        RequestOptions options = request(HttpMethod.POST, requestId, ShopApi.PAYMENTS_PATH)
                .putHeader(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId)
                .putHeader(HttpHeaders.CONTENT_TYPE, ShopApi.JSON);
        Buffer body = Buffer.buffer(Json.write(payment));
        return exchange(Step.PAYMENT, requestId, options, request -> request.send(body), Json::payment, inFlight);
    }

    private <T> Future<T> get(Step step, String requestId, String path, Function<byte[], T> decode, InFlight inFlight) {
        return exchange(step, requestId, request(HttpMethod.GET, requestId, path), HttpClientRequest::send, decode, inFlight);
    }

    // side-by-side: begin timeout
    /** The connect timeout also bounds the wait for a pooled connection, not only the TCP handshake. */
    private RequestOptions request(HttpMethod method, String requestId, String path) {
        return new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(base.resolve(path).toString())
                .setConnectTimeout(callTimeoutMillis)
                .putHeader(ShopApi.REQUEST_ID_HEADER, requestId)
                .putHeader(HttpHeaders.ACCEPT, ShopApi.JSON);
    }
    // side-by-side: end timeout

    // side-by-side: begin http-call
    /**
     * One exchange, stopped for real by its call timeout or by the checkout's abort: both reset the
     * request, which for HTTP/1.1 closes its connection, so the shop sees the call end. {@code
     * Future.timeout} would only fail the future and leave the request running; the request's own
     * idle timeout restarts with every byte received, while the call timeout bounds the whole call.
     */
    private <T> Future<T> exchange(Step step, String requestId, RequestOptions options,
            Function<HttpClientRequest, Future<HttpClientResponse>> send, Function<byte[], T> decode, InFlight inFlight) {
        CallTrace.Span trace = CallTrace.start(requestId, step, options.getURI());
        Future<HttpClientRequest> opened = http.request(options);
        Future<T> answer = opened
                .compose(send)
                .compose(response -> response.body().map(body -> {
                    trace.end(String.valueOf(response.statusCode()));
                    CallFailure.requireSuccess(response.statusCode());
                    return decode.apply(body.getBytes());
                }))
                .recover(failure -> {
                    Throwable callFailure = asCallFailure(failure);
                    trace.end(CallTrace.outcomeOf(callFailure));
                    return Future.failedFuture(callFailure);
                });
        // side-by-side: begin timeout
        Timer timeout = vertx.timer(callTimeoutMillis, TimeUnit.MILLISECONDS);
        timeout.onSuccess(expired -> reset(opened, CallFailure.timeout(
                new TimeoutException("no answer within " + callTimeoutMillis + " ms"))));
        answer.onComplete(done -> timeout.cancel());
        // side-by-side: end timeout
        // side-by-side: begin cancellation
        return inFlight.track(answer, () -> reset(opened, new CancellationException("checkout aborted")));
        // side-by-side: end cancellation
    }

    // side-by-side: begin cancellation
    /** Resets the request once there is one: a request still waiting for a connection is reset when it gets it. */
    private static void reset(Future<HttpClientRequest> opened, Throwable reason) {
        opened.onSuccess(request -> request.reset(0, reason));
    }
    // side-by-side: end cancellation

    private static Throwable asCallFailure(Throwable failure) {
        // A reset of ours carries its reason: the timeout's CallFailure, or the abort's CancellationException.
        if (failure instanceof StreamResetException reset && reset.getCause() != null) return reset.getCause();
        // No pooled connection, or no TCP connection, within the call timeout.
        if (failure instanceof TimeoutException) return CallFailure.timeout(failure);
        if (failure instanceof IOException || failure instanceof HttpClosedException) return CallFailure.connection(failure);
        // A CallFailure from the status or the body passes through as it is.
        return failure;
    }
    // side-by-side: end http-call
}
