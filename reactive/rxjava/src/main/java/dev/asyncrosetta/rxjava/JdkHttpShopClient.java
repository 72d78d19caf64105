package dev.asyncrosetta.rxjava;

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
import io.reactivex.rxjava3.core.Single;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The shop's calls over {@link HttpClient#sendAsync}, bridged into Singles by {@link SingleBridge}.
 * There is no timeout here: the workflow gives each attempt its own ({@code Single.timeout}), and
 * when it fires the disposal reaches the bridge, which cancels the exchange, whatever the exchange was
 * waiting for: a connection, the head or the rest of the body.
 *
 * <p>RxJava carries no context of its own, and the OpenTelemetry instrumentation that would copy it
 * onto every thread through RxJava's global hooks is not published where this build fetches from; so
 * each call is handed its step's trace context as a value, and each subscription (an attempt) makes
 * its client span under it and sends that span as the {@code traceparent}.
 */
final class JdkHttpShopClient implements RxJavaShopClient, AutoCloseable {
    private volatile HttpClient http;
    private final ShopRequests requests;
    private final Executor executor;
    private final CheckoutTracing tracing;

    // side-by-side: begin threads
    /** The client does its work on {@code executor}, and every call signals its outcome there too. */
    JdkHttpShopClient(URI base, Executor executor, CheckoutTracing tracing) {
        // Without an executor the client starts a cached pool of its own, whose idle threads linger
        // after the service closes (JDK 17 has no HttpClient.close() to end them). Its futures still
        // complete on CompletableFuture's default pool, which is why the bridge takes the executor too.
        this(base, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build(), executor, tracing);
    }
    // side-by-side: end threads

    /** Over a given client: a test's, failing as the JDK's client can. */
    JdkHttpShopClient(URI base, HttpClient http, Executor executor, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.requests = ShopRequests.untimed(base);
        this.http = http;
        this.executor = executor;
    }

    @Override
    public Single<User> user(Context step, String requestId, String userId) {
        return send(Step.USER, step, requests.user(requestId, userId), Json::user);
    }

    @Override
    public Single<List<Order>> orders(Context step, String requestId, String userId) {
        return send(Step.ORDERS, step, requests.orders(requestId, userId), Json::orders);
    }

    @Override
    public Single<OrderDetails> details(Context step, String requestId, String orderId) {
        return send(Step.DETAILS, step, requests.details(requestId, orderId), Json::details);
    }

    @Override
    public Single<Payment> pay(Context step, String requestId, PaymentRequest payment) {
        return send(Step.PAYMENT, step, requests.pay(requestId, payment), Json::payment);
    }

    // side-by-side: begin http-call
    /**
     * Single.create is lazy: nothing is sent until subscription, and every resubscription sends
     * again; defer starts each attempt's trace at its own subscription. The body is refused past
     * the one size limit, and every failure is translated once, here, by the one rule.
     */
    private <T> Single<T> send(Step step, Context stepContext, HttpRequest untraced, Function<byte[], T> decode) {
        return Single.defer(() -> {
            CallTrace.Span trace = CallTrace.start(untraced.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""),
                    step, untraced.uri().getPath());
            Span attempt = tracing.startAttempt(stepContext, step, untraced.uri());
            HttpRequest.Builder request = HttpRequest.newBuilder(untraced, (name, value) -> true);
            tracing.inject(stepContext.with(attempt), request::header);
            return SingleBridge.fromFuture(() -> client().sendAsync(request.build(), JdkHttpFailures.bodyWithinLimit()), executor)
                    .onErrorResumeNext(failure -> Single.error(JdkHttpFailures.classify(failure)))
                    .doOnSuccess(response -> {
                        trace.end(String.valueOf(response.statusCode()));
                        CheckoutTracing.answered(attempt, response.statusCode());
                    })
                    .doOnError(failure -> {
                        trace.end(CallTrace.outcomeOf(failure));
                        CheckoutTracing.failed(attempt, failure);
                    })
                    .doOnDispose(() -> {
                        trace.end(CallTrace.ABORTED);
                        CheckoutTracing.failed(attempt, new CancellationException("aborted"));
                    })
                    .map(response -> {
                        CallFailure.requireSuccess(response.statusCode());
                        return decode.apply(response.body());
                    });
        });
    }
    // side-by-side: end http-call

    private HttpClient client() {
        HttpClient client = http;
        if (client == null) {
            throw new IllegalStateException("the shop client is closed");
        }
        return client;
    }

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
