package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutTracing;
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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
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
 *
 * <p>A CompletableFuture carries no context, and its continuations run on whichever thread completes
 * it, so each call is given its step's trace context as a value: its attempt span is a child of that,
 * and the request carries the attempt's {@code traceparent}. By hand: java.net.http's OpenTelemetry
 * instrumentation is not published where this build fetches from.
 */
final class FuturesShopClient implements AutoCloseable {
    private volatile HttpClient http;
    private final ShopRequests requests;
    private final Duration callTimeout;
    private final ScheduledExecutorService timer;
    private final Executor executor;
    private final CheckoutTracing tracing;

    FuturesShopClient(URI base, Duration callTimeout, ScheduledExecutorService timer, Executor executor, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.requests = ShopRequests.untimed(base); // withCallTimeout times each call on the style's own timer
        this.callTimeout = callTimeout;
        this.timer = timer;
        this.executor = executor;
        this.http = newHttpClient(executor, callTimeout);
    }

    // side-by-side: begin threads
    /** The JDK client on the style's workers: it runs its own asynchronous work there instead of a pool it would make. */
    private static HttpClient newHttpClient(Executor workers, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(workers)
                .build();
    }
    // side-by-side: end threads

    /** @param step the context of the step making the call: its attempt's span is a child of it */
    CompletableFuture<User> user(Context step, String requestId, String userId) {
        return send(Step.USER, step, requests.user(requestId, userId), Json::user);
    }

    CompletableFuture<List<Order>> orders(Context step, String requestId, String userId) {
        return send(Step.ORDERS, step, requests.orders(requestId, userId), Json::orders);
    }

    CompletableFuture<OrderDetails> details(Context step, String requestId, String orderId) {
        return send(Step.DETAILS, step, requests.details(requestId, orderId), Json::details);
    }

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    CompletableFuture<Payment> pay(Context step, String requestId, PaymentRequest payment) {
        return send(Step.PAYMENT, step, requests.pay(requestId, payment), Json::payment);
    }

    // side-by-side: begin http-call
    /**
     * One exchange, its answer handled on the workers. sendAsync hands its answer over to
     * CompletableFuture's default executor, whatever executor the client was given (the package
     * documentation says what that is on JDK 17 and on 25); handleAsync moves the answer (a failure
     * too, which thenApplyAsync would pass along on that thread) onto the workers, so every
     * continuation of the checkout runs there. The future returned is derived from sendAsync's, so
     * {@code cancel(true)} on it (the checkout's abort) aborts the exchange; handleAsync's function
     * then never runs, and the call's trace ends where the cancellation is seen.
     */
    private <T> CompletableFuture<T> send(Step step, Context stepContext, HttpRequest untraced, Function<byte[], T> decode) {
        HttpClient client = http;
        if (client == null) {
            return CompletableFuture.failedFuture(RunningCheckouts.closedService()); // close() raced this call
        }
        CallTrace.Span trace = CallTrace.start(untraced.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""), step,
                untraced.uri().getPath());
        Span attempt = tracing.startAttempt(stepContext, step, untraced.uri());
        HttpRequest.Builder request = HttpRequest.newBuilder(untraced, (name, value) -> true);
        tracing.inject(stepContext.with(attempt), request::header);
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                withCallTimeout(client.sendAsync(request.build(), JdkHttpFailures.bodyWithinLimit()), timedOut);
        CompletableFuture<T> answer = exchange.handleAsync((response, failure) -> {
            if (failure != null) {
                // A cancelled exchange fails with a CancellationException: only the flag tells a timeout from an abort.
                Throwable classified = timedOut.get() ? CallFailure.timeout(failure) : JdkHttpFailures.classify(failure);
                trace.end(CallTrace.outcomeOf(classified));
                CheckoutTracing.failed(attempt, classified);
                throw classified instanceof RuntimeException unchecked ? unchecked : new CompletionException(classified);
            }
            trace.end(String.valueOf(response.statusCode()));
            CheckoutTracing.answered(attempt, response.statusCode());
            CallFailure.requireSuccess(response.statusCode());
            return decode.apply(response.body());
        }, executor);
        answer.whenComplete((value, failure) -> {
            if (answer.isCancelled()) {
                trace.end(CallTrace.ABORTED);
                CheckoutTracing.failed(attempt, failure);
            }
        });
        return answer;
    }
    // side-by-side: end http-call

    // side-by-side: begin timeout
    /**
     * The exchange, cancelled once callTimeout has passed, whatever it is still waiting for (the
     * requests are untimed). Neither one-liner does that: {@code HttpRequest.timeout} (JDK 17-25)
     * bounds only the wait for the response headers, so a body that stalls after them runs on;
     * {@code orTimeout} fails the future and leaves the exchange running. {@code cancel(true)} on
     * sendAsync's future aborts the exchange (for HTTP/1.1 the client closes the connection), so the
     * shop sees the call end.
     */
    private <R> CompletableFuture<R> withCallTimeout(CompletableFuture<R> exchange, AtomicBoolean timedOut) {
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
        return exchange;
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
