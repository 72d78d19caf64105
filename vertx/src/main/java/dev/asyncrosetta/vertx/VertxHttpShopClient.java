package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
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
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.HttpResponseHead;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
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
    private final CheckoutTracing tracing;

    VertxHttpShopClient(URI base, Duration callTimeout, Vertx vertx, CheckoutTracing tracing) {
        this(base, callTimeout, vertx, MAX_CONNECTIONS, tracing);
    }

    /** Untraced: a test's way in. */
    VertxHttpShopClient(URI base, Duration callTimeout, Vertx vertx) {
        this(base, callTimeout, vertx, MAX_CONNECTIONS, VertxCheckout.untraced());
    }

    /** With a pool of another size, untraced: tests queue calls behind a pool of one. */
    VertxHttpShopClient(URI base, Duration callTimeout, Vertx vertx, int maxConnections) {
        this(base, callTimeout, vertx, maxConnections, VertxCheckout.untraced());
    }

    private VertxHttpShopClient(URI base, Duration callTimeout, Vertx vertx, int maxConnections, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.vertx = vertx;
        this.base = base;
        this.callTimeoutMillis = callTimeout.toMillis();
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        // Netty's default is 8 KiB; every style accepts the same head, the JDK client's default.
                        .setMaxHeaderSize(ShopApi.MAX_HEADER_BYTES))
                .with(new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(UNBOUNDED_WAIT_QUEUE))
                .build();
    }

    @Override
    public Future<User> user(String requestId, String userId, InFlight inFlight, Context trace) {
        return get(Step.USER, requestId, ShopApi.userPath(userId), Json::user, inFlight, trace);
    }

    @Override
    public Future<List<Order>> orders(String requestId, String userId, InFlight inFlight, Context trace) {
        return get(Step.ORDERS, requestId, ShopApi.ordersPath(userId), Json::orders, inFlight, trace);
    }

    @Override
    public Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight, Context trace) {
        return get(Step.DETAILS, requestId, ShopApi.detailsPath(orderId), Json::details, inFlight, trace);
    }

    @Override
    public Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight, Context trace) {
        RequestOptions options = request(HttpMethod.POST, requestId, ShopApi.PAYMENTS_PATH)
                .putHeader(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId)
                .putHeader(HttpHeaders.CONTENT_TYPE, ShopApi.JSON);
        Buffer body = Buffer.buffer(Json.write(payment));
        return send(Step.PAYMENT, requestId, options, request -> request.send(body), Json::payment, inFlight, trace);
    }

    private <T> Future<T> get(Step step, String requestId, String path, Function<byte[], T> decode, InFlight inFlight, Context trace) {
        return send(step, requestId, request(HttpMethod.GET, requestId, path), HttpClientRequest::send, decode, inFlight, trace);
    }

    // side-by-side: begin timeout
    /**
     * The connect timeout also bounds the wait for a pooled connection, not only the TCP handshake:
     * the call timeout fails the call at the same moment, and this takes it off the pool's queue.
     */
    private RequestOptions request(HttpMethod method, String requestId, String path) {
        return new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(base.resolve(path).toString())
                .setConnectTimeout(callTimeoutMillis)
                .putHeader(ShopApi.REQUEST_ID_HEADER, requestId)
                .putHeader(HttpHeaders.ACCEPT, ShopApi.JSON);
    }

    /**
     * Stops the exchange once the call timeout runs out. {@code Future.timeout} would only fail the
     * future and leave the request running; the request's own idle timeout restarts with every byte
     * received, while the call timeout bounds the whole call, from the wait for a pooled connection
     * to the last byte of the body.
     */
    private void withCallTimeout(Exchange<?> exchange) {
        Timer timeout = vertx.timer(callTimeoutMillis, TimeUnit.MILLISECONDS);
        timeout.onSuccess(expired -> exchange.stop(CallFailure.timeout(
                new TimeoutException("no answer within " + callTimeoutMillis + " ms"))));
        exchange.outcome().onComplete(done -> timeout.cancel());
    }
    // side-by-side: end timeout

    // side-by-side: begin cancellation
    /** Aborting the checkout stops the exchange on the wire, not only its future. */
    private static void stopOnAbort(Exchange<?> exchange, InFlight inFlight) {
        inFlight.track(exchange.outcome(), () -> exchange.stop(new CancellationException("checkout aborted")));
    }
    // side-by-side: end cancellation

    // side-by-side: begin http-call
    /**
     * One exchange, stopped for real by its call timeout or by the checkout's abort, whatever it is
     * waiting for: a stop fails the call at once and resets the request ({@link Exchange#stop}).
     * {@code writeRequest} writes the request and yields its answer's head; the body is then read
     * whole, within the size limit, before anything is decided.
     */
    private <T> Future<T> send(Step step, String requestId, RequestOptions options,
            Function<HttpClientRequest, Future<HttpClientResponse>> writeRequest, Function<byte[], T> decode,
            InFlight inFlight, Context stepTrace) {
        CallTrace.Span trace = CallTrace.start(requestId, step, options.getURI());
        // By hand: Vert.x's own tracing SPI (vertx-opentelemetry) is not published for this Vert.x version.
        Span attempt = tracing.startAttempt(stepTrace, step, base.resolve(options.getURI()));
        tracing.inject(stepTrace.with(attempt), options::putHeader);
        Future<HttpClientRequest> opened = http.request(options).recover(failure -> Future.failedFuture(noConnection(failure)));
        Exchange<Answer> exchange = new Exchange<>(opened, request -> writeRequest.apply(request)
                .compose(response -> LimitedBody.of(request, response).map(body -> new Answer(response, body)))
                .recover(failure -> Future.failedFuture(noAnswer(failure))));
        withCallTimeout(exchange);
        stopOnAbort(exchange, inFlight);
        return exchange.outcome().transform(done -> {
            if (done.failed()) {
                trace.end(CallTrace.outcomeOf(done.cause()));
                CheckoutTracing.failed(attempt, done.cause());
                return Future.failedFuture(done.cause());
            }
            Answer answer = done.result();
            int status = answer.head().statusCode();
            trace.end(String.valueOf(status));
            CheckoutTracing.answered(attempt, status);
            // Vert.x's own 2xx rule, tested on the whole answer: expecting(SC_SUCCESS) on the head
            // would fail the call before its body is read, leaving the rest of a refused answer to
            // arrive outside the call timeout and out of reach of an abort. 3xx fails too: never followed.
            if (!HttpResponseExpectation.SC_SUCCESS.test(answer.head())) {
                return Future.failedFuture(CallFailure.status(status));
            }
            return Future.succeededFuture(decode.apply(answer.body().getBytes()));
        });
    }

    /** The whole answer: its status and headers, and its body within {@link ShopApi#MAX_ANSWER_BYTES}. */
    private record Answer(HttpResponseHead head, Buffer body) {}

    /*
     * The one rule of CallFailure, applied where each failure can arise. Vert.x reports a failed
     * connection as an IOException (Netty's ConnectTimeoutException is one too, but it is a timeout)
     * or an HttpClosedException, and the end of the wait for a pooled connection as a
     * TimeoutException. What Netty's HTTP decoder could not parse reaches the answer as the very
     * exception it caught: a DecoderException (a head over maxHeaderSize, a bad chunk or line
     * separator) or an IllegalArgumentException (a status line or header name that is not HTTP).
     * Anything else, and anything thrown before the request is sent, is a bug: it passes unchanged.
     */

    /** Why no request could be opened: no connection within the call timeout, or no connection at all. */
    private static Throwable noConnection(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof ConnectTimeoutException) return CallFailure.timeout(failure);
        if (failure instanceof IOException || failure instanceof HttpClosedException) return CallFailure.connection(failure);
        return failure;
    }

    /** Why a request that was sent got no usable answer. */
    private static Throwable noAnswer(Throwable failure) {
        if (failure instanceof CallFailure) return failure; // the body over the limit
        // Netty's decoder saying the connection closed in the middle of the head: a failed connection, not bad HTTP.
        if (failure instanceof PrematureChannelClosureException) return CallFailure.connection(failure);
        if (failure instanceof DecoderException || failure instanceof IllegalArgumentException) return CallFailure.unparseable(failure);
        return noConnection(failure);
    }
    // side-by-side: end http-call
}
