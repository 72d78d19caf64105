package dev.asyncrosetta.contract;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A deliberately plain checkout (a thread per checkout, blocking waits) that can be given one flaw
 * at a time, so the contract's own tests can show each flaw is caught by the scenario made for it.
 * It exists only for those tests; the real styles live in their own modules.
 */
final class SketchStyle implements CheckoutStyle {

    enum Flaw {
        NONE,
        /** Gives up waiting after callTimeout but leaves the request running, like orTimeout. */
        TIMEOUT_WITHOUT_CANCEL,
        /** Retries the payment under a new Idempotency-Key, so a lost answer means a second charge. */
        FRESH_KEY_ON_RETRY,
        /** Fetches every order's details at once, whatever detailsConcurrency says. */
        UNBOUNDED_FAN_OUT,
        /** Lets the caller cancel the future but carries on with the checkout behind it. */
        SWALLOWS_CANCEL,
        /** Releases its threads on close but leaves the checkouts in flight to wait forever. */
        CLOSE_LEAVES_CHECKOUTS_RUNNING
    }

    private final Flaw flaw;

    SketchStyle(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "sketch-" + flaw.name().toLowerCase();
    }

    @Override
    public String summary() {
        return "a plain blocking checkout for the contract's own tests, with the flaw " + flaw;
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new Service(shopBaseUri, policy);
    }

    private final class Service implements CheckoutService {
        private final URI base;
        private final CheckoutPolicy policy;
        private final ExecutorService http = Executors.newCachedThreadPool(named("sketch-http"));
        private final HttpClient client;
        private final Set<CompletableFuture<Receipt>> running = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;

        Service(URI base, CheckoutPolicy policy) {
            this.base = base;
            this.policy = policy;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http).build();
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            try {
                CheckoutRequest.requireValid(request);
            } catch (CheckoutException invalid) {
                return CompletableFuture.failedFuture(invalid);
            }
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the checkout service is closed"));
            }
            CompletableFuture<Receipt> result = new CompletableFuture<>();
            Thread worker = named("sketch-checkout").newThread(() -> {
                try {
                    result.complete(run(request));
                } catch (CheckoutException failure) {
                    result.completeExceptionally(failure);
                } catch (InterruptedException stopped) {
                    // the result was already decided by the deadline or the caller
                }
            });
            running.add(result);
            result.whenComplete((receipt, failure) -> {
                running.remove(result);
                if (flaw != Flaw.SWALLOWS_CANCEL) worker.interrupt();
            });
            CompletableFuture.delayedExecutor(policy.deadline().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> result.completeExceptionally(new DeadlineExceededException(policy.deadline())));
            worker.start();
            return result;
        }

        private Receipt run(CheckoutRequest request) throws InterruptedException {
            String id = request.requestId();
            User user = call(Step.USER, request, attempt -> get(id, ShopApi.userPath(request.userId())), Json::user);
            List<Order> orders = call(Step.ORDERS, request, attempt -> get(id, ShopApi.ordersPath(user.id())), Json::orders);
            if (orders.isEmpty()) return Receipt.nothingToPay(id, user);
            List<OrderDetails> details = fetchDetails(request, orders);
            PaymentRequest payment = PaymentRequest.forDetails(user, details);
            return Receipt.paid(id, user, orders, details, call(Step.PAYMENT, request, attempt -> HttpRequest
                    .newBuilder(base.resolve(ShopApi.PAYMENTS_PATH))
                    .header(ShopApi.REQUEST_ID_HEADER, id)
                    .header(ShopApi.IDEMPOTENCY_KEY_HEADER, flaw == Flaw.FRESH_KEY_ON_RETRY ? id + "-" + attempt : id)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(payment))).build(), Json::payment));
        }

        private List<OrderDetails> fetchDetails(CheckoutRequest request, List<Order> orders) throws InterruptedException {
            int width = flaw == Flaw.UNBOUNDED_FAN_OUT ? orders.size() : policy.detailsConcurrency();
            ExecutorService fanOut = Executors.newFixedThreadPool(width, named("sketch-details"));
            try {
                List<Future<OrderDetails>> pending = new ArrayList<>();
                for (Order order : orders) {
                    pending.add(fanOut.submit(() -> call(Step.DETAILS, request,
                            attempt -> get(request.requestId(), ShopApi.detailsPath(order.id())), Json::details)));
                }
                List<OrderDetails> details = new ArrayList<>();
                for (Future<OrderDetails> next : pending) {
                    try {
                        details.add(next.get());
                    } catch (ExecutionException e) {
                        throw (CheckoutException) e.getCause();
                    }
                }
                return details;
            } finally {
                fanOut.shutdownNow();
            }
        }

        private <T> T call(Step step, CheckoutRequest request, Function<Integer, HttpRequest> attemptRequest,
                Function<byte[], T> decode) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return decode.apply(exchange(attemptRequest.apply(attempt)));
                } catch (CallFailure failure) {
                    if (!failure.isTransient() || attempt == policy.maxAttempts()) {
                        throw failure.toCheckoutException(step, request.userId(), attempt);
                    }
                    Thread.sleep(policy.backoffAfter(attempt).toMillis());
                }
            }
        }

        private byte[] exchange(HttpRequest request) throws InterruptedException {
            CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            try {
                HttpResponse<byte[]> response = exchange.get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                CallFailure.requireSuccess(response.statusCode());
                return response.body();
            } catch (TimeoutException e) {
                if (flaw != Flaw.TIMEOUT_WITHOUT_CANCEL) exchange.cancel(true);
                throw CallFailure.timeout(e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? CallFailure.connection(io) : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                exchange.cancel(true);
                throw e;
            }
        }

        private HttpRequest get(String requestId, String path) {
            return HttpRequest.newBuilder(base.resolve(path)).header(ShopApi.REQUEST_ID_HEADER, requestId).GET().build();
        }

        @Override
        public void close() {
            closed = true;
            if (flaw != Flaw.CLOSE_LEAVES_CHECKOUTS_RUNNING) {
                running.forEach(checkout -> checkout.cancel(true));
                // JDK 21+: closes the pooled connections too (and would wait for the exchanges still running).
                if ((Object) client instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            http.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
