package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.jdkhttp.JdkHttpFailures;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.jdkhttp.ShopRequests;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The shop's four calls as plain blocking methods over java.net.http. Each returns the decoded
 * answer or throws a {@link CallFailure}; the only other ways out are InterruptedException (the
 * exchange is then aborted, and a thread already interrupted starts no call at all) and a bug, which
 * is thrown as it is.
 *
 * <p>Each call is an attempt span, a child of the context current on the calling thread (the step's),
 * and sends that span as its {@code traceparent}: java.net.http has no OpenTelemetry instrumentation
 * this project can use (the library's artifact is not published where the build fetches from), so
 * the few lines it would take are here.
 */
final class LoomShopClient {
    private final HttpClient http;
    private final ShopRequests requests;
    private final Duration callTimeout;
    private final HttpResponse.BodyHandler<byte[]> bodyHandler;
    private final CheckoutTracing tracing;

    /** The executor runs the client's own asynchronous steps; the caller owns it and shuts it down after {@link #close(Duration)}. */
    LoomShopClient(URI base, Duration callTimeout, Executor executor, CheckoutTracing tracing) {
        this(base, callTimeout, executor, JdkHttpFailures.bodyWithinLimit(), tracing);
    }

    /** Untraced: a test's way in. */
    LoomShopClient(URI base, Duration callTimeout, Executor executor) {
        this(base, callTimeout, executor, LoomCheckout.untraced());
    }

    /** With another body handler, untraced: a test's way to put a bug inside the exchange. */
    LoomShopClient(URI base, Duration callTimeout, Executor executor, HttpResponse.BodyHandler<byte[]> bodyHandler) {
        this(base, callTimeout, executor, bodyHandler, LoomCheckout.untraced());
    }

    private LoomShopClient(URI base, Duration callTimeout, Executor executor, HttpResponse.BodyHandler<byte[]> bodyHandler,
            CheckoutTracing tracing) {
        this.tracing = tracing;
        // No HttpRequest.timeout (on JDK 17-25 it bounds only the wait for the head) and no
        // connectTimeout: withCallTimeout times the whole exchange itself, connect and body included.
        this.requests = ShopRequests.untimed(base);
        this.callTimeout = callTimeout;
        this.bodyHandler = bodyHandler;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    User user(String requestId, String userId) throws InterruptedException {
        return send(Step.USER, requests.user(requestId, userId), Json::user);
    }

    List<Order> orders(String requestId, String userId) throws InterruptedException {
        return send(Step.ORDERS, requests.orders(requestId, userId), Json::orders);
    }

    OrderDetails details(String requestId, String orderId) throws InterruptedException {
        return send(Step.DETAILS, requests.details(requestId, orderId), Json::details);
    }

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    Payment pay(String requestId, PaymentRequest payment) throws InterruptedException {
        return send(Step.PAYMENT, requests.pay(requestId, payment), Json::payment);
    }

    // side-by-side: begin http-call
    /**
     * What {@code HttpClient.send} does inside (sendAsync, then a wait that aborts the exchange on
     * interrupt), with the wait bounded by callTimeout: see {@link #withCallTimeout}.
     */
    private <T> T send(Step step, HttpRequest untraced, Function<byte[], T> decode) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException(); // stopped before the call: start nothing
        CallTrace.Span trace = CallTrace.start(untraced.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""), step,
                untraced.uri().getPath());
        Span attempt = tracing.startAttempt(Context.current(), step, untraced.uri());
        HttpRequest.Builder traced = HttpRequest.newBuilder(untraced, (name, value) -> true);
        tracing.inject(Context.current().with(attempt), traced::header);
        HttpResponse<byte[]> response;
        try {
            response = withCallTimeout(http.sendAsync(traced.build(), bodyHandler));
        } catch (ExecutionException e) {
            Throwable failure = JdkHttpFailures.classify(e);
            trace.end(CallTrace.outcomeOf(failure));
            CheckoutTracing.failed(attempt, failure);
            throw unchecked(failure);
        } catch (CallFailure timeout) {
            trace.end(CallTrace.outcomeOf(timeout));
            CheckoutTracing.failed(attempt, timeout);
            throw timeout;
        } catch (InterruptedException e) {
            trace.end(CallTrace.ABORTED);
            CheckoutTracing.failed(attempt, e);
            throw e;
        }
        trace.end(String.valueOf(response.statusCode()));
        CheckoutTracing.answered(attempt, response.statusCode());
        CallFailure.requireSuccess(response.statusCode());
        return decode.apply(response.body());
    }
    // side-by-side: end http-call

    // side-by-side: begin timeout
    // side-by-side: begin cancellation
    /**
     * The answer, waited for at most callTimeout, so that the timeout covers the whole answer, body
     * included; running out of time aborts the exchange and fails with TIMEOUT. An interrupt while
     * waiting (the caller's cancel, the deadline, a failing sibling, close) aborts it too, and is
     * thrown on. {@code cancel(true)} on sendAsync's future aborts the exchange (for HTTP/1.1 the
     * client closes the connection), so the shop sees the call end. The other way, a timer
     * interrupting the thread blocked in {@code send}, could not tell its own interrupt from the
     * caller's cancel.
     */
    private HttpResponse<byte[]> withCallTimeout(CompletableFuture<HttpResponse<byte[]>> exchange)
            throws ExecutionException, InterruptedException {
        try {
            return exchange.get(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw CallFailure.timeout(new HttpTimeoutException("no complete answer within " + callTimeout));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }
    // side-by-side: end cancellation
    // side-by-side: end timeout

    /**
     * A CallFailure, or a bug as it is. A checked throwable (which the JDK client does not fail with)
     * travels in a CompletionException, the wrapper CompletableFuture's {@code get} and {@code join}
     * take off again, so the caller still sees it unchanged.
     */
    private static RuntimeException unchecked(Throwable failure) {
        return switch (failure) {
            case RuntimeException runtime -> runtime;
            case Error error -> throw error;
            default -> new CompletionException(failure);
        };
    }

    /**
     * Aborts whatever is still in flight (nothing, once the service has stopped its tasks), closes
     * every connection and waits, at most {@code grace}, for the selector thread to end. Not
     * {@code HttpClient.close()}: on JDK 21+ it waits, without limit, for every exchange to end.
     * An interrupted caller does not wait, and stays interrupted.
     */
    void close(Duration grace) {
        http.shutdownNow();
        try {
            http.awaitTermination(grace); // does not wait at all for a grace already used up (zero or less)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
