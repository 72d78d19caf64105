package dev.asyncrosetta.reactor;

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
import dev.asyncrosetta.model.StyleThreads;
import dev.asyncrosetta.model.User;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The shop's four calls over reactor-netty's {@link HttpClient}, on event loops and a connection
 * pool of its own, so that {@link #dispose()} can release them: the global {@code HttpResources}
 * would outlive the service.
 */
final class ReactorNettyShopClient implements ReactorShopClient, Disposable {
    /**
     * HTTP/1.1 carries one call per connection at a time. The shop answers in about 20 ms under the
     * contract's load, so 500 connections could carry some 25,000 calls a second, far more than two
     * cores produce: more sockets would only queue inside the shop instead of here. 500 in every
     * style with a pool, so that none is faster for a bigger one.
     */
    private static final int MAX_CONNECTIONS = 500;
    /**
     * Every call the checkouts in flight have started waits here for a connection; the workflow's
     * per-call timeout covers that wait too, so the queue needs no bound of its own (-1). The
     * default, twice the connections, would turn away most of the contract's 2,000 concurrent
     * checkouts ("Pending acquire queue has reached its maximum size"), and any fixed bound turns away
     * calls once enough checkouts are in flight (10,000 with four detail calls each queue 40,000).
     */
    private static final int UNBOUNDED_WAITING_CALLS = -1;
    private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup eventLoops;
    private final ConnectionProvider connections;
    private final HttpClient http;
    private final URI base;
    private final CheckoutTracing tracing;

    // side-by-side: begin threads
    /**
     * @param timer runs the pool's pending-acquire timeouts, which would otherwise start Reactor's global parallel scheduler
     * @param tracing makes each exchange's client span, a child of the trace context in the subscriber's Context
     */
    ReactorNettyShopClient(URI base, Scheduler timer, CheckoutTracing tracing) {
        this.base = base;
        this.tracing = tracing;
        // A plain Netty group rather than LoopResources.create: disposing LoopResources times its
        // shutdown on Reactor's global parallel scheduler, which would start threads nobody can stop.
        this.eventLoops = new MultiThreadIoEventLoopGroup(StyleThreads.ioThreads(EVENT_LOOPS),
                new DefaultThreadFactory("rosetta-reactor-http", true), NioIoHandler.newFactory());
        this.connections = ConnectionProvider.builder("rosetta-reactor")
                .maxConnections(MAX_CONNECTIONS)
                .pendingAcquireMaxCount(UNBOUNDED_WAITING_CALLS)
                .pendingAcquireTimer((timeout, delay) -> timer.schedule(timeout, delay.toNanos(), TimeUnit.NANOSECONDS))
                .build();
        this.http = HttpClient.create(connections)
                .runOn(eventLoops)
                .baseUrl(base.toString())
                .protocol(HttpProtocol.HTTP11)
                // Reactor Netty would silently resend a request whose pooled connection turned out
                // to be closed; every attempt the shop sees must be one the workflow chose.
                .disableRetry(true)
                // Netty's default is 8 KiB; every style accepts a head up to the JDK client's default.
                .httpResponseDecoder(decoder -> decoder.maxHeaderSize(ShopApi.MAX_HEADER_BYTES))
                .doOnChannelInit((observer, channel, remoteAddress) -> UnparseableAnswers.install(channel.pipeline()));
    }
    // side-by-side: end threads

    @Override
    public Mono<User> user(String requestId, String userId) {
        return get(Step.USER, requestId, ShopApi.userPath(userId), Json::user);
    }

    @Override
    public Mono<List<Order>> orders(String requestId, String userId) {
        return get(Step.ORDERS, requestId, ShopApi.ordersPath(userId), Json::orders);
    }

    @Override
    public Mono<OrderDetails> details(String requestId, String orderId) {
        return get(Step.DETAILS, requestId, ShopApi.detailsPath(orderId), Json::details);
    }

    @Override
    public Mono<Payment> pay(String requestId, PaymentRequest payment) {
        byte[] body = Json.write(payment);
        return send(Step.PAYMENT, requestId, ShopApi.PAYMENTS_PATH, client -> client
                .headers(headers -> headers
                        .set(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId)
                        .set(HttpHeaderNames.CONTENT_TYPE, ShopApi.JSON))
                .post()
                .uri(ShopApi.PAYMENTS_PATH)
                // The bytes as Jackson wrote them (UTF-8): ByteBufFlux.fromString would use the platform charset.
                .send((outgoing, outbound) -> outbound.sendByteArray(Mono.just(body))), Json::payment);
    }

    private <T> Mono<T> get(Step step, String requestId, String path, Function<byte[], T> decode) {
        return send(step, requestId, path, client -> client.get().uri(path), decode);
    }

    private HttpClient withHeaders(String requestId) {
        return http.headers(headers -> headers
                .set(ShopApi.REQUEST_ID_HEADER, requestId)
                .set(HttpHeaderNames.ACCEPT, ShopApi.JSON));
    }

    // side-by-side: begin http-call
    /**
     * One exchange per subscription, its body read in full whatever the status so the connection
     * goes back to the pool clean. Cancelling before the answer is complete closes the connection
     * instead: the shop sees the call aborted.
     *
     * <p>Each subscription is an attempt: its client span is a child of the trace context the
     * subscriber's Context carries (the step's), and its traceparent goes out with the request.
     * Reactor Netty has no OpenTelemetry instrumentation of its own outside the Java agent.
     */
    private <T> Mono<T> send(Step step, String requestId, String path, Function<HttpClient, HttpClient.ResponseReceiver<?>> request,
            Function<byte[], T> decode) {
        return Mono.deferContextual(subscriber -> {
            CallTrace.Span trace = CallTrace.start(requestId, step, path);
            Span attempt = tracing.startAttempt(ReactorTracing.current(subscriber), step, base.resolve(path));
            HttpClient traced = withHeaders(requestId).headers(headers ->
                    tracing.inject(ReactorTracing.current(subscriber).with(attempt), headers::set));
            return request.apply(traced)
                    .response((response, body) -> AnswerBody.withinLimit(response, body)
                            .map(bytes -> {
                                trace.end(String.valueOf(response.status().code()));
                                CheckoutTracing.answered(attempt, response.status().code());
                                CallFailure.requireSuccess(response.status().code());
                                return decode.apply(bytes);
                            }))
                    .single()
                    .onErrorMap(ReactorNettyShopClient::translate)
                    .doOnError(failure -> {
                        trace.end(CallTrace.outcomeOf(failure));
                        CheckoutTracing.failed(attempt, failure);
                    })
                    .doOnCancel(() -> {
                        trace.end(CallTrace.ABORTED);
                        CheckoutTracing.failed(attempt, new CancellationException("aborted"));
                    });
        });
    }
    // side-by-side: end http-call

    /**
     * CallFailure's one rule for what Reactor Netty fails an exchange with. A timeout of its own
     * (connect, waiting for a pooled connection, read) is TIMEOUT, like the workflow's callTimeout.
     * A connection that failed (refused, reset, closed before or during the answer, or closed before
     * the request went out) is CONNECTION. An answer Netty's decoder could not parse arrives already
     * as {@link CallFailure#unparseable} ({@link UnparseableAnswers}). Anything else is a bug, here or
     * in the library (a call on a disposed pool, an NPE): it passes unchanged, so it is neither
     * retried nor mistaken for a flaky shop.
     */
    private static Throwable translate(Throwable failure) {
        if (failure instanceof CallFailure) {
            return failure;
        }
        if (failure instanceof ConnectTimeoutException || failure instanceof TimeoutException
                || failure instanceof ReadTimeoutException) {
            return CallFailure.timeout(failure);
        }
        if (failure instanceof IOException || failure instanceof AbortedException) {
            return CallFailure.connection(failure);
        }
        return failure;
    }

    /**
     * Starts closing the connections and then stopping the event loops, and returns at once: the
     * threads end a quiet period later. The quiet period is what closes a connection whose connect
     * raced the close (a checkout subscribing on its caller's thread as close() ran): a loop shutting
     * down closes its channels, runs its queued tasks, and without a quiet period ends right there,
     * so a channel those tasks registered stays connected with no thread left to close it. With one,
     * the loop goes round again, and closes that channel too.
     */
    @Override
    public void dispose() {
        connections.disposeLater()
                .doFinally(closed -> eventLoops.shutdownGracefully(
                        SHUTDOWN_QUIET_PERIOD.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .subscribe();
    }

    @Override
    public boolean isDisposed() {
        return eventLoops.isShuttingDown();
    }
}
