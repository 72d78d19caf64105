package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.DownstreamException;
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
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The shop's four calls as plain blocking methods over {@link HttpClient#send}. Each returns the
 * decoded answer or throws a {@link CallFailure}; the only other way out is InterruptedException:
 * interrupting a thread blocked in {@code send} makes the client cancel the exchange (for HTTP/1.1
 * it closes the connection), and a thread already interrupted starts no call at all.
 */
final class LoomShopClient implements AutoCloseable {
    private final HttpClient http;
    private final ShopRequests requests;

    /** The executor runs the client's own asynchronous steps; the caller owns it and shuts it down after {@link #close}. */
    LoomShopClient(URI base, Duration callTimeout, Executor executor) {
        // side-by-side: begin timeout
        // Each request's own timeout makes the client abort the exchange, so the shop sees the call end.
        this.requests = ShopRequests.timedOutAfter(base, callTimeout);
        // side-by-side: end timeout
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(callTimeout)
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
    private <T> T send(Step step, HttpRequest request, Function<byte[], T> decode) throws InterruptedException {
        CallTrace.Span trace = CallTrace.start(request.headers().firstValue(ShopApi.REQUEST_ID_HEADER).orElse(""), step,
                request.uri().getPath());
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            trace.end(DownstreamException.Kind.TIMEOUT.name());
            throw CallFailure.timeout(e);
        } catch (IOException e) {
            trace.end(DownstreamException.Kind.CONNECTION.name());
            throw CallFailure.connection(e);
        // side-by-side: begin cancellation
        } catch (InterruptedException e) {
            trace.end("interrupted");
            throw e;
        }
        // side-by-side: end cancellation
        trace.end(String.valueOf(response.statusCode()));
        CallFailure.requireSuccess(response.statusCode());
        return decode.apply(response.body());
    }
    // side-by-side: end http-call

    /** Waits for the exchanges still running (none, once the service has stopped its tasks) and closes every connection. */
    @Override
    public void close() {
        http.close();
    }
}
