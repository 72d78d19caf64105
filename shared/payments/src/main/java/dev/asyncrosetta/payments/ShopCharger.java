package dev.asyncrosetta.payments;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.jdkhttp.JdkHttpFailures;
import dev.asyncrosetta.model.jdkhttp.ShopRequests;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges one request at the shop: {@code POST /payments} with the request id as both
 * {@code Idempotency-Key} and {@code X-Request-Id}, on {@code java.net.http}.
 *
 * <p>Every attempt, and every later delivery of the same request, carries the same Idempotency-Key.
 * That is what makes retrying safe: the shop charges the first time (201) and answers the same payment
 * for every repeat (200), so a call whose answer was lost, a duplicate message and a redelivery after a
 * crash are all one charge.
 */
final class ShopCharger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShopCharger.class);

    private final Settings settings;
    private final Controls controls;
    private final Counters counters;
    private final ShopRequests requests;
    private final ExecutorService executor;
    private final HttpClient http;

    ShopCharger(Settings settings, Controls controls, Counters counters) {
        this.settings = settings;
        this.controls = controls;
        this.counters = counters;
        this.requests = ShopRequests.untimed(settings.shop());
        // The client's own asynchronous work runs on threads named after the service, shut down on close.
        this.executor = Executors.newFixedThreadPool(2, new NamedThreads(settings.name() + "-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.callTimeout())
                .executor(executor)
                .build();
    }

    /** The request's outcome, or {@link ChargeResult.Unavailable} when the shop gave no decision in maxAttempts attempts. */
    ChargeResult charge(PaymentRequestMessage message) {
        HttpRequest request;
        try {
            request = requests.pay(message.requestId(), message.payment());
        } catch (IllegalArgumentException e) { // a request id that cannot be a header value: no attempt could ever work
            return decided(PaymentOutcome.failed(message.requestId(), "the request id cannot be sent as a header: " + e.getMessage()));
        }
        String lastFailure = "no attempt";
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1 && controls.awaitStop(settings.backoffAfter(attempt - 1))) {
                return new ChargeResult.Unavailable("stopping before attempt " + attempt + " (" + lastFailure + ")");
            }
            ChargeResult result = attempt(message.requestId(), request);
            if (result instanceof ChargeResult.Decided) {
                return result;
            }
            lastFailure = ((ChargeResult.Unavailable) result).reason();
            log.info("payment {} attempt {} of {} failed: {}", message.requestId(), attempt, settings.maxAttempts(), lastFailure);
        }
        return new ChargeResult.Unavailable("no decision from the shop in " + settings.maxAttempts() + " attempts; last: " + lastFailure);
    }

    /**
     * One call, aborted once callTimeout has passed, whatever it is waiting for (the connect, the head
     * or the rest of the body): {@code HttpRequest.timeout} would bound only the wait for the head.
     */
    private ChargeResult attempt(String requestId, HttpRequest request) {
        counters.paymentCalls.incrementAndGet();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, JdkHttpFailures.bodyWithinLimit());
        HttpResponse<byte[]> response;
        try {
            response = call.get(settings.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // aborts the exchange: the shop sees the connection close
            return new ChargeResult.Unavailable("no answer within " + settings.callTimeout());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new ChargeResult.Unavailable("interrupted");
        } catch (ExecutionException e) {
            Throwable failure = JdkHttpFailures.classify(e);
            if (!(failure instanceof CallFailure callFailure)) {
                throw new IllegalStateException("the payment call failed unexpectedly", failure); // a bug, not the shop
            }
            if (callFailure.kind() == Kind.TIMEOUT || callFailure.kind() == Kind.CONNECTION) {
                return new ChargeResult.Unavailable(callFailure.getMessage());
            }
            return decided(PaymentOutcome.failed(requestId, "the shop's answer cannot be used: " + callFailure.getMessage()));
        }
        return answered(requestId, response.statusCode(), response.body());
    }

    private ChargeResult answered(String requestId, int status, byte[] body) {
        if (status == 201 || status == 200) {
            Payment payment;
            try {
                payment = Json.payment(body);
            } catch (CallFailure malformed) {
                return decided(PaymentOutcome.failed(requestId, "the shop's answer is not a payment: " + malformed.getMessage()));
            }
            (status == 201 ? counters.charged : counters.replayed).incrementAndGet();
            return decided(PaymentOutcome.paid(requestId, payment));
        }
        if (status == 402) {
            return decided(PaymentOutcome.declined(requestId, field(body, "reason", "declined")));
        }
        if (status >= 500) {
            return new ChargeResult.Unavailable("HTTP " + status);
        }
        // 400 (not the user's open orders at their total), 409 (the request id used for another payment),
        // a 3xx (never followed): the same request would get the same answer however often it is sent.
        String why = (field(body, "error", "") + " " + field(body, "reason", "")).trim();
        return decided(PaymentOutcome.failed(requestId, "the shop refused the payment: HTTP " + status + (why.isEmpty() ? "" : " " + why)));
    }

    private static ChargeResult decided(PaymentOutcome outcome) {
        return new ChargeResult.Decided(outcome);
    }

    /** A field of the shop's error body ({@code {"error":…, "reason":…}}), or {@code fallback}. */
    private static String field(byte[] body, String name, String fallback) {
        try {
            Map<?, ?> fields = Json.read(body, Map.class);
            Object value = fields.get(name);
            return value == null ? fallback : value.toString();
        } catch (CallFailure notJson) {
            String text = new String(body, StandardCharsets.UTF_8);
            return text.isBlank() ? fallback : text.substring(0, Math.min(text.length(), 200));
        }
    }

    /**
     * Called once no call is in flight. On JDK 21+ the client is AutoCloseable and closes its
     * connections and selector thread here; on 17 it cannot be closed and stops once unreachable.
     */
    @Override
    public void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the HTTP client failed", e);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
