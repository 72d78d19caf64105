package dev.asyncrosetta.contract;

import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.TracedCheckoutStyle;
import dev.asyncrosetta.model.User;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A plain traced checkout (a thread per checkout, the details on a small pool, blocking calls that
 * retry a 5xx) that can be given one flaw of context propagation at a time, so the contract's own
 * tests can show each is caught by the scenario made for it. No deadline, and only as much timeout
 * and cancellation as C40 needs: a call times out through HttpRequest.timeout (which bounds only the
 * wait for the answer's headers, enough for a call that never answers), cancelling a checkout
 * interrupts its thread, and HttpClient.send cancels its exchange when interrupted.
 */
final class TracingSketchStyle implements TracedCheckoutStyle {

    enum Flaw {
        NONE,
        /** Sends the traceparent on a call's first attempt only: its retries leave the trace. */
        NO_TRACEPARENT_ON_RETRIES,
        /** Names the step's span as the call's parent, with no span for the attempt. */
        STEP_SPAN_AS_PARENT,
        /** The fan-out's pool threads start their attempts from their own current context (none): a new trace per detail. */
        LOSES_CONTEXT_IN_FAN_OUT,
        /** Keeps the context of the checkout started last in a field of the service, which every checkout reads. */
        SHARES_CONTEXT,
        /** Traces only when the caller has a trace: without one it sends no traceparent at all. */
        NO_TRACE_WITHOUT_CALLER,
        /** Logs how a checkout ended with the ids of whatever context is current on the thread that ends it (none). */
        LOGS_WITH_THE_THREADS_CONTEXT,
        /** Ends a step's span as succeeded whatever came of the step. */
        ENDS_FAILED_STEPS_AS_SUCCEEDED,
        /** Never ends the span of a step its caller stopped. */
        LEAVES_A_STOPPED_STEP_OPEN,
        /** Starts the checkout's span before it looks at the request, so a refused request is traced too. */
        TRACES_REFUSED_REQUESTS,
        /** Logs a failed attempt under the number of the attempt that follows it. */
        LOGS_THE_NEXT_ATTEMPT,
        /** Ends a step that failed on its own as if its caller had stopped it. */
        ENDS_A_FAILED_STEP_AS_ABORTED,
        /** Never ends the span of an attempt that timed out. */
        LEAVES_A_TIMED_OUT_ATTEMPT_OPEN
    }

    private final Flaw flaw;

    TracingSketchStyle(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "tracing-sketch-" + flaw.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String summary() {
        return "a traced sketch with one flaw: " + flaw;
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, OpenTelemetry openTelemetry) {
        return new Service(shopBaseUri, policy, new CheckoutTracing(name(), openTelemetry));
    }

    private final class Service implements CheckoutService {
        private final URI base;
        private final CheckoutPolicy policy;
        private final CheckoutTracing tracing;
        private final ExecutorService checkouts = Executors.newCachedThreadPool(named("tracing-sketch-checkout"));
        private final ExecutorService fanOut;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile Context shared = Context.root();

        Service(URI base, CheckoutPolicy policy, CheckoutTracing tracing) {
            this.base = base;
            this.policy = policy;
            this.tracing = tracing;
            this.fanOut = Executors.newFixedThreadPool(policy.detailsConcurrency(), named("tracing-sketch-details"));
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            Context caller = Context.current();
            if (flaw == Flaw.TRACES_REFUSED_REQUESTS) {
                tracing.startCheckout(caller, request == null ? null : request.requestId()).end();
            }
            try {
                CheckoutRequest.requireValid(request);
            } catch (CheckoutException invalid) {
                return CompletableFuture.failedFuture(invalid);
            }
            if (flaw == Flaw.NO_TRACE_WITHOUT_CALLER && !Span.fromContext(caller).getSpanContext().isValid()) {
                return started(() -> run(request, null));
            }
            Span span = tracing.startCheckout(caller, request.requestId());
            Context checkout = caller.with(span);
            shared = checkout;
            CompletableFuture<Receipt> receipt = started(() -> run(request, checkout));
            receipt.whenComplete((done, failure) -> {
                tracing.checkoutEnded(flaw == Flaw.LOGS_WITH_THE_THREADS_CONTEXT ? Span.current() : span, request.requestId(), failure);
                if (flaw == Flaw.LOGS_WITH_THE_THREADS_CONTEXT) span.end();
            });
            return receipt;
        }

        /** Runs the checkout on a thread of its own, which its caller's cancel interrupts; that thread completes the future. */
        private CompletableFuture<Receipt> started(Supplier<Receipt> checkout) {
            CompletableFuture<Receipt> receipt = new CompletableFuture<>();
            Future<?> running = checkouts.submit(() -> {
                try {
                    receipt.complete(checkout.get());
                } catch (RuntimeException e) {
                    receipt.completeExceptionally(e);
                }
            });
            receipt.whenComplete((done, failure) -> running.cancel(true)); // no-op once it has run
            return receipt;
        }

        /** @param checkout the checkout's context, or null when it is not traced */
        private Receipt run(CheckoutRequest request, Context checkout) {
            String id = request.requestId();
            User user = step(checkout, Step.USER, context -> get(context, Step.USER, ShopApi.userPath(request.userId()), id, Json::user));
            List<Order> orders = step(checkout, Step.ORDERS, context -> get(context, Step.ORDERS, ShopApi.ordersPath(user.id()), id, Json::orders));
            if (orders.isEmpty()) return Receipt.nothingToPay(id, user);
            List<OrderDetails> details = step(checkout, Step.DETAILS, context -> {
                List<Future<OrderDetails>> fetched = new ArrayList<>();
                for (Order order : orders) {
                    fetched.add(fanOut.submit(() -> get(flaw == Flaw.LOSES_CONTEXT_IN_FAN_OUT ? Context.current() : context,
                            Step.DETAILS, ShopApi.detailsPath(order.id()), id, Json::details)));
                }
                List<OrderDetails> all = new ArrayList<>();
                for (Future<OrderDetails> one : fetched) all.add(join(one));
                return all;
            });
            byte[] payment = Json.write(PaymentRequest.forDetails(user, details));
            return step(checkout, Step.PAYMENT, context -> Receipt.paid(id, user, orders, details,
                    exchange(context, Step.PAYMENT, HttpRequest.newBuilder(base.resolve(ShopApi.PAYMENTS_PATH))
                            .header(ShopApi.IDEMPOTENCY_KEY_HEADER, id).header("Content-Type", ShopApi.JSON)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payment)), id, Json::payment)));
        }

        private <T> T step(Context checkout, Step step, Function<Context, T> body) {
            if (checkout == null) return body.apply(null);
            Context parent = flaw == Flaw.SHARES_CONTEXT ? shared : checkout;
            Span span = tracing.startStep(parent, step);
            try (Scope ignored = parent.with(span).makeCurrent()) {
                T result = body.apply(parent.with(span));
                CheckoutTracing.succeeded(span);
                return result;
            } catch (RuntimeException e) {
                boolean stopped = e.getCause() instanceof InterruptedException;
                if (flaw == Flaw.ENDS_FAILED_STEPS_AS_SUCCEEDED) {
                    CheckoutTracing.succeeded(span);
                } else if (stopped || flaw == Flaw.ENDS_A_FAILED_STEP_AS_ABORTED) {
                    // The interrupt is what ended a stopped step: its span says aborted.
                    if (flaw != Flaw.LEAVES_A_STOPPED_STEP_OPEN) CheckoutTracing.failed(span, new CancellationException("aborted"));
                } else {
                    CheckoutTracing.failed(span, e);
                }
                throw e;
            }
        }

        private <T> T get(Context step, Step which, String path, String id, Function<byte[], T> decode) {
            return exchange(step, which, HttpRequest.newBuilder(base.resolve(path)).GET(), id, decode);
        }

        /** One call, retried on a 5xx; each attempt a client span under the step's (unless the flaw says otherwise). */
        private <T> T exchange(Context step, Step which, HttpRequest.Builder builder, String id, Function<byte[], T> decode) {
            URI uri = builder.copy().build().uri();
            for (int attempt = 1; ; attempt++) {
                HttpRequest.Builder request = builder.copy().header(ShopApi.REQUEST_ID_HEADER, id).header("Accept", ShopApi.JSON)
                        .timeout(policy.callTimeout());
                Span span = step == null || flaw == Flaw.STEP_SPAN_AS_PARENT ? Span.getInvalid() : tracing.startAttempt(step, which, uri);
                if (step != null && !(flaw == Flaw.NO_TRACEPARENT_ON_RETRIES && attempt > 1)) {
                    tracing.inject(flaw == Flaw.STEP_SPAN_AS_PARENT ? step : step.with(span), request::header);
                }
                HttpResponse<byte[]> response;
                try {
                    response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (HttpTimeoutException e) {
                    if (flaw != Flaw.LEAVES_A_TIMED_OUT_ATTEMPT_OPEN) CheckoutTracing.failed(span, e);
                    throw new IllegalStateException("the sketch's call timed out", e);
                } catch (IOException | InterruptedException e) {
                    CheckoutTracing.failed(span, e);
                    throw new IllegalStateException("the sketch's call failed", e);
                }
                CheckoutTracing.answered(span, response.statusCode());
                if (response.statusCode() / 100 == 2) return decode.apply(response.body());
                if (response.statusCode() < 500 || attempt == policy.maxAttempts()) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                }
                Duration backoff = policy.backoffAfter(attempt);
                if (step != null) {
                    int failed = flaw == Flaw.LOGS_THE_NEXT_ATTEMPT ? attempt + 1 : attempt;
                    tracing.retrying(step, id, which, failed, new IllegalStateException("HTTP " + response.statusCode()), backoff);
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    // The attempt's span has ended (answered); the step's span ends as its caller unwinds.
                    throw new IllegalStateException("the sketch's backoff was interrupted", e);
                }
            }
        }

        private static java.util.concurrent.ThreadFactory named(String name) {
            return task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            };
        }

        private static <T> T join(Future<T> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            checkouts.shutdownNow();
            fanOut.shutdownNow();
            // JDK 21+: closes the pooled connections too; on 17 the contract collects the client instead.
            if ((Object) http instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the sketch's HTTP client failed", e);
                }
            }
        }
    }
}
