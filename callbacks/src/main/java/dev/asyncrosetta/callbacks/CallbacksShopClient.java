package dev.asyncrosetta.callbacks;

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
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The shop's four calls over Jetty's HttpClient, whose own API is already callbacks:
 * {@code Request.send(Response.CompleteListener)} reports once, on one of Jetty's threads, and
 * {@code Request.abort} cancels the exchange (for HTTP/1.1 it closes the connection, so the shop sees
 * the call end). Every failure of the transport reaches the caller as a {@link CallFailure}, by the one
 * rule in {@link #asCallFailure}.
 */
final class CallbacksShopClient implements ShopCalls {
    // side-by-side: begin threads
    /** Jetty's threads run the selector and every callback; nothing on them blocks, so a few are enough. */
    static final int MAX_THREADS = 8;
    // side-by-side: end threads
    /**
     * Connections to the shop, and requests allowed to wait for one. A checkout has one call in flight,
     * or up to detailsConcurrency during the fan-out, so 10,000 checkouts in flight can queue 40,000
     * calls: Jetty's default queue (1,024 per destination) would reject the excess outright, and its
     * default 64 connections would make them queue longer. 500 connections, as in every style with a
     * pool: at 100 ms a call they carry 5,000 calls a second. No bound at all on the queue (Jetty
     * grows it as needed), because a queued request's wait counts against its own timeout: a queue
     * too long to drain in time shows up as timeouts, never as a hang or a refusal.
     */
    static final int MAX_CONNECTIONS = 500;
    static final int MAX_QUEUED_REQUESTS = Integer.MAX_VALUE;
    /** How long close() waits for connects in progress (loopback ones take microseconds). */
    static final Duration CONNECTS_GRACE = Duration.ofSeconds(1);

    private final HttpClient http;
    private final SendGate sends = new SendGate();
    private final URI base;
    private final CheckoutTracing tracing;
    private final Duration callTimeout;

    /**
     * @param timer the style's scheduler; Jetty runs its request timeouts on it, so a timed-out call
     *     reports on the same thread as the workflow's backoffs and deadlines
     */
    CallbacksShopClient(URI base, Duration callTimeout, ScheduledExecutorService timer) {
        this(base, callTimeout, timer, CallbacksCheckout.untraced());
    }

    CallbacksShopClient(URI base, Duration callTimeout, ScheduledExecutorService timer, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.base = base;
        this.callTimeout = callTimeout;
        this.http = newHttpClient(timer);
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(MAX_QUEUED_REQUESTS);
        http.setConnectTimeout(callTimeout.toMillis());
        // No separate timer per new connection for resolving the shop's address: the call's own
        // timeout covers the resolution too, as it covers every other wait of the call.
        http.setAddressResolutionTimeout(0);
        http.setFollowRedirects(false);
        // The head of an answer may be as large as every style accepts (Jetty's default is 8 KiB), and
        // no larger; the parser holds it to RFC 9110/9112 (a header name that is not a token is refused).
        http.setMaxResponseHeadersSize(ShopApi.MAX_HEADER_BYTES);
        http.setHttpCompliance(HttpCompliance.RFC9110);
        try {
            http.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("starting Jetty's HttpClient failed", e);
        }
    }

    // side-by-side: begin threads
    /**
     * Jetty's client on the style's threads: a small pool of Jetty's own, named {@code callbacks-jetty-n},
     * for the selector and every callback, and the style's timer for its request timeouts.
     */
    private static HttpClient newHttpClient(ScheduledExecutorService timer) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("callbacks-jetty");
        threads.setDaemon(true);
        // No reserved threads: spare threads parked for the selector to hand work to save microseconds on
        // big machines, cost threads here, and sit parked in a wait BlockHound (C17) cannot tell from blocking.
        threads.setReservedThreads(0);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP());
        http.setExecutor(threads);
        http.setScheduler(new ScheduledExecutorScheduler(timer)); // wraps the timer; stopping Jetty leaves it to its owner
        // No pooled network buffers. In Jetty 12.1.14 an exchange aborted from another thread (a sibling's
        // failure, a deadline) can release its connection's buffer while the selector still reads into it;
        // pooled, that buffer is then another connection's too, and an answer that had no fault arrives
        // corrupted (the soak saw a payment fail as malformed). Unpooled, only the aborted read fails.
        http.setByteBufferPool(ByteBufferPool.NON_POOLING);
        return http;
    }
    // side-by-side: end threads

    @Override
    public Abortable user(String requestId, String userId, Context trace, Promise<User> done) {
        return send(Step.USER, requestId, get(requestId, ShopApi.userPath(userId)), Json::user, trace, done);
    }

    @Override
    public Abortable orders(String requestId, String userId, Context trace, Promise<List<Order>> done) {
        return send(Step.ORDERS, requestId, get(requestId, ShopApi.ordersPath(userId)), Json::orders, trace, done);
    }

    @Override
    public Abortable details(String requestId, String orderId, Context trace, Promise<OrderDetails> done) {
        return send(Step.DETAILS, requestId, get(requestId, ShopApi.detailsPath(orderId)), Json::details, trace, done);
    }

    @Override
    public Abortable pay(String requestId, PaymentRequest payment, Context trace, Promise<Payment> done) {
        Request request = request(requestId, ShopApi.PAYMENTS_PATH)
                .method(HttpMethod.POST)
                .headers(headers -> headers.put(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId))
                .body(new BytesRequestContent(ShopApi.JSON, Json.write(payment)));
        return send(Step.PAYMENT, requestId, request, Json::payment, trace, done);
    }

    private Request get(String requestId, String path) {
        return request(requestId, path).method(HttpMethod.GET);
    }

    private Request request(String requestId, String path) {
        return withCallTimeout(http.newRequest(base.resolve(path)))
                .headers(headers -> headers
                        .put(ShopApi.REQUEST_ID_HEADER, requestId)
                        .put(HttpHeader.ACCEPT, ShopApi.JSON));
    }

    // side-by-side: begin timeout
    /**
     * Jetty's total timeout covers the whole exchange, the wait for a pooled connection included, and
     * when it fires Jetty aborts the request: the exchange is really cancelled, not just abandoned.
     */
    private Request withCallTimeout(Request request) {
        return request.timeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    // side-by-side: end timeout

    // side-by-side: begin http-call
    /**
     * Reports on the Jetty thread that completed the exchange. Decoding is caught here and reported as
     * the call's failure; what {@code done} itself throws is the workflow's to catch, since Jetty would
     * only log it.
     *
     * <p>The attempt's span is a child of the step's trace context, handed in as a value (a callback
     * runs on whichever Jetty thread completed the exchange, whose own context is nobody's), and its
     * traceparent goes out with the request. By hand: Jetty 12's OpenTelemetry instrumentation is not
     * published where this build fetches from.
     */
    private <T> Abortable send(Step step, String requestId, Request request, Function<byte[], T> decode, Context stepTrace,
            Promise<T> done) {
        CallTrace.Span trace = CallTrace.start(requestId, step, request.getPath());
        Span attempt = tracing.startAttempt(stepTrace, step, request.getURI());
        request.headers(headers -> tracing.inject(stepTrace.with(attempt), headers::put));
        boolean sent = sends.send(() -> request.send(new BoundedAnswer() {
            @Override
            public void onComplete(Result result) {
                Throwable failure = result.isFailed() ? asCallFailure(result.getFailure()) : null;
                T value = null;
                if (failure == null) {
                    int status = result.getResponse().getStatus();
                    trace.end(String.valueOf(status));
                    CheckoutTracing.answered(attempt, status);
                    try {
                        CallFailure.requireSuccess(status);
                        value = decode.apply(getContent());
                    } catch (RuntimeException unusable) {
                        failure = unusable;
                    }
                }
                if (failure != null) {
                    trace.end(CallTrace.outcomeOf(failure));
                    CheckoutTracing.failed(attempt, failure);
                    done.failed(failure);
                } else {
                    done.succeeded(value);
                }
            }
        }));
        if (!sent) {
            CancellationException closing = new CancellationException("the checkout service was closed");
            trace.end(CallTrace.outcomeOf(closing));
            CheckoutTracing.failed(attempt, closing);
            done.failed(closing);
        }
        return abortable(request);
    }

    /**
     * The one rule for a failed exchange ({@link CallFailure}'s javadoc), applied to what Jetty reports:
     * a CallFailure for the transport's failures, and anything else (a bug) as it is, so that the
     * workflow neither retries it nor hides it.
     */
    static Throwable asCallFailure(Throwable failure) {
        if (failure instanceof TimeoutException || failure instanceof SocketTimeoutException) {
            return CallFailure.timeout(failure); // the request's total timeout, or the connect's: both are callTimeout
        }
        if (failure instanceof HttpResponseException && failure.getCause() instanceof HttpException) {
            return CallFailure.unparseable(failure); // Jetty's parser: "HTTP protocol violation", the head over its limit
        }
        if (failure instanceof IOException || failedReadingTheSocket(failure)) {
            return CallFailure.connection(failure); // refused, reset, closed before or during the answer
        }
        // Not the transport's: an answer over the size limit (BoundedAnswer's CallFailure) or our own
        // abort (a CancellationException), which nobody retries, or a bug, which the caller must see as it is.
        return failure;
    }
    // side-by-side: end http-call

    /**
     * Jetty 12.1.14 can fail an exchange with the IllegalArgumentException NIO throws when the buffer it
     * reads the socket into was released under it ({@code newPosition > limit}, from
     * {@code SocketChannelEndPoint.fill}): the soak saw it on a few answers in a thousand, on connections
     * whose other exchanges were being aborted. It is the connection failing, not a bug in the style,
     * so it is told apart by where it was thrown, and only there.
     */
    static boolean failedReadingTheSocket(Throwable failure) {
        return failure instanceof IllegalArgumentException && Arrays.stream(failure.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(SocketChannelEndPoint.class.getName()) && frame.getMethodName().equals("fill"));
    }

    /**
     * Jetty also opens connections on its own threads (for an exchange queued behind those in
     * flight), and a connect still in progress as stop() runs is left open, like one a send starts
     * then. The checkouts were cancelled before close() got here, so no exchange is queued and no
     * connect starts any more: this waits, at most {@link #CONNECTS_GRACE}, for those in progress to
     * complete, so that stop() closes them with the others. A connect that hangs (a full accept
     * queue) is not waited for past the grace.
     */
    private void awaitConnectsInProgress() {
        long deadline = System.nanoTime() + CONNECTS_GRACE.toNanos();
        while (connectsInProgress() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private int connectsInProgress() {
        return http.getDestinations().stream()
                .map(Destination::getConnectionPool)
                .mapToInt(pool -> pool instanceof AbstractConnectionPool counted ? counted.getPendingConnectionCount() : 0)
                .sum();
    }

    // side-by-side: begin cancellation
    /** Stops the exchange itself, not just the interest in its answer; Jetty then reports the abort to the listener. */
    private static Abortable abortable(Request request) {
        return () -> request.abort(new CancellationException("aborted by the checkout"));
    }
    // side-by-side: end cancellation

    /** Jetty's threads ({@code callbacks-jetty-n}), where every HTTP answer is reported: the broker's reports hop onto them too. */
    Executor callbackThreads() {
        return http.getExecutor();
    }

    /**
     * Stops Jetty (its connections, its selector and its pool threads, which it waits for) once the
     * sends other threads have in progress have left it ({@link SendGate}) and the connects they
     * started have completed.
     */
    @Override
    public void close() {
        sends.close();
        awaitConnectsInProgress();
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty's HttpClient failed", e);
        }
    }
}
