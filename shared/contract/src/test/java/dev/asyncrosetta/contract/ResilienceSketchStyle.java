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
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.model.jdkhttp.JdkHttpFailures;
import dev.asyncrosetta.model.jdkhttp.ShopRequests;
import dev.asyncrosetta.resilience.PaymentPlaces;
import dev.asyncrosetta.resilience.Protections;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A deliberately plain thread-per-checkout style on a fixed pool, protected as the policy says, that can
 * be given one flaw at a time, so that ResilienceContractCatchesBrokenStylesTest can show each R
 * scenario catches the flaw made for it. Calls are made once (the R scenarios allow one attempt).
 * Unflawed, it keeps the blocking style's two pools: a checkout that reaches the payment hands it to
 * the payment pool and frees its checkout thread.
 */
final class ResilienceSketchStyle implements CheckoutStyle {
    /** Checkout threads: fewer than R4's 50 waiting payments, so a pool they could fill is filled. */
    static final int CHECKOUT_THREADS = 16;

    enum Flaw {
        NONE,
        /** Never asks the circuit breaker: the payment is called however often it failed. */
        BREAKER_NEVER_OPENS,
        /** Lets every payment through while the circuit is half-open, not only the probes. */
        PROBES_UNLIMITED,
        /** Takes no place in the bulkhead: every payment is called at once. */
        BULKHEAD_NOT_COUNTING,
        /** Refuses a payment that finds the bulkhead full, whatever wait the policy allows. */
        BULKHEAD_NEVER_WAITS,
        /** Counts a checkout against admission control only after its first call. */
        ADMITS_AFTER_FIRST_CALL,
        /** Gives its admission place back only when the checkout succeeded. */
        KEEPS_A_FAILED_CHECKOUTS_ADMISSION_PLACE,
        /** Waits for a payment place on the checkout's own thread: waiting payments fill the one pool. */
        SHARES_ONE_POOL,
        /** Keeps its bulkhead place when the payment call failed. */
        KEEPS_A_FAILED_PAYMENTS_PLACE,
        /** Keeps its bulkhead place when its checkout was stopped during the payment call. */
        KEEPS_A_STOPPED_PAYMENTS_PLACE,
        /** Keeps its circuit breaker permission when its checkout was stopped during the payment call. */
        KEEPS_A_STOPPED_PROBES_PERMISSION,
        /** Gives a paid call's breaker permission back without telling the breaker it succeeded: probes never close the circuit. */
        NEVER_REPORTS_A_SUCCESS,
        /** Its timer refuses a delay under a millisecond, as Vert.x's setTimer does: a shorter wait for a place fails the checkout. */
        TIMER_REFUSES_UNDER_A_MILLISECOND,
        /** close() leaves its timer's thread running (as a timer still holding a wait's timeout would be). */
        CLOSE_LEAVES_THE_TIMER_RUNNING
    }

    private final Flaw flaw;

    ResilienceSketchStyle(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "resilience-sketch-" + flaw.name().toLowerCase();
    }

    @Override
    public String summary() {
        return "a plain blocking checkout with circuit breaker, bulkhead and admission control, with the flaw " + flaw;
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new Service(shopBaseUri, policy);
    }

    private final class Service implements CheckoutService {
        private final CheckoutPolicy policy;
        private final ShopRequests requests;
        private final Protections protections;
        private final ExecutorService checkoutThreads = Executors.newFixedThreadPool(CHECKOUT_THREADS, named("resilience-sketch-checkout"));
        private final ExecutorService paymentThreads;
        private final ExecutorService httpThreads = Executors.newCachedThreadPool(named("resilience-sketch-http"));
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("resilience-sketch-timer"));
        private final HttpClient client = HttpClient.newBuilder().executor(httpThreads).build();
        private final PaymentPlaces paymentPlaces;

        Service(URI base, CheckoutPolicy policy) {
            this.policy = policy;
            this.requests = ShopRequests.untimed(base);
            this.protections = Protections.of(policy);
            this.paymentPlaces = protections.paymentPlaces((delay, task) -> {
                if (flaw == Flaw.TIMER_REFUSES_UNDER_A_MILLISECOND && delay.toMillis() < 1) {
                    throw new IllegalArgumentException("Cannot schedule a timer with delay < 1 ms");
                }
                Future<?> scheduled = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> scheduled.cancel(false);
            });
            // The payment pool has a thread for every place; the places, not the pool, bound the calls.
            this.paymentThreads = Executors.newCachedThreadPool(named("resilience-sketch-payment"));
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            try {
                CheckoutRequest.requireValid(request);
            } catch (CheckoutException invalid) {
                return CompletableFuture.failedFuture(invalid);
            }
            boolean admitted = flaw == Flaw.ADMITS_AFTER_FIRST_CALL || protections.admission().tryAcquirePermission();
            if (!admitted) {
                return CompletableFuture.failedFuture(protections.overloaded());
            }
            CompletableFuture<Receipt> result = new CompletableFuture<>();
            if (flaw != Flaw.ADMITS_AFTER_FIRST_CALL) {
                result.whenComplete((receipt, failure) -> {
                    if (failure == null || flaw != Flaw.KEEPS_A_FAILED_CHECKOUTS_ADMISSION_PLACE) {
                        protections.admission().onComplete();
                    }
                });
            }
            Future<?> deadline = timer.schedule(() -> result.completeExceptionally(new DeadlineExceededException(policy.deadline())),
                    policy.deadline().toMillis(), TimeUnit.MILLISECONDS);
            Future<?> work = checkoutThreads.submit(() -> run(request, result));
            result.whenComplete((receipt, failure) -> {
                deadline.cancel(false);
                work.cancel(true);
            });
            return result;
        }

        private void run(CheckoutRequest request, CompletableFuture<Receipt> result) {
            try {
                String id = request.requestId();
                User user = call(Step.USER, requests.user(id, request.userId()), Json::user);
                if (flaw == Flaw.ADMITS_AFTER_FIRST_CALL) {
                    if (!protections.admission().tryAcquirePermission()) throw protections.overloaded();
                    result.whenComplete((receipt, failure) -> protections.admission().onComplete());
                }
                List<Order> orders = call(Step.ORDERS, requests.orders(id, user.id()), Json::orders);
                if (orders.isEmpty()) {
                    result.complete(Receipt.nothingToPay(id, user));
                    return;
                }
                List<OrderDetails> details = new ArrayList<>();
                for (Order order : orders) {
                    details.add(call(Step.DETAILS, requests.details(id, order.id()), Json::details));
                }
                HttpRequest payment = requests.pay(id, PaymentRequest.forDetails(user, details));
                Function<Payment, Receipt> receipt = paid -> Receipt.paid(id, user, orders, details, paid);
                if (flaw == Flaw.SHARES_ONE_POOL) {
                    if (!protections.paymentBulkhead().tryAcquirePermission()) throw protections.paymentBulkheadFull(); // waits here, blocked
                    try {
                        result.complete(receipt.apply(payThroughBreaker(payment)));
                    } finally {
                        protections.paymentBulkhead().onComplete();
                    }
                } else {
                    handOverThePayment(payment, receipt, result);
                }
            } catch (CheckoutException failure) {
                result.completeExceptionally(failure);
            } catch (InterruptedException stopped) {
                // the result was decided meanwhile
            } catch (RuntimeException bug) {
                result.completeExceptionally(bug); // the caller sees it, rather than a checkout that never ends
            }
        }

        /** The payment runs on the payment pool once it has a place; the checkout thread is free at once. */
        private void handOverThePayment(HttpRequest payment, Function<Payment, Receipt> receipt, CompletableFuture<Receipt> result) {
            if (flaw == Flaw.BULKHEAD_NOT_COUNTING) {
                paymentThreads.submit(() -> pay(payment, receipt, result, () -> { }));
                return;
            }
            CompletableFuture<Void> waitingForAPlace = paymentPlaces.take();
            if (flaw == Flaw.BULKHEAD_NEVER_WAITS && waitingForAPlace.cancel(false)) {
                waitingForAPlace = CompletableFuture.failedFuture(protections.paymentBulkheadFull());
            }
            CompletableFuture<Void> place = waitingForAPlace;
            result.whenComplete((done, failure) -> place.cancel(false));
            place.whenComplete((taken, full) -> {
                if (full != null) {
                    result.completeExceptionally(protections.paymentRejection(full));
                    return;
                }
                Future<?> paying = paymentThreads.submit(() -> pay(payment, receipt, result, paymentPlaces::release));
                result.whenComplete((done, failure) -> paying.cancel(true));
            });
        }

        /** The place is given back as soon as the call ended, before the result is completed (which cancels this task). */
        private void pay(HttpRequest payment, Function<Payment, Receipt> receipt, CompletableFuture<Receipt> result, Runnable release) {
            Payment paid;
            try {
                paid = payThroughBreaker(payment);
            } catch (CheckoutException failure) {
                if (flaw != Flaw.KEEPS_A_FAILED_PAYMENTS_PLACE) release.run();
                result.completeExceptionally(failure);
                return;
            } catch (InterruptedException stopped) {
                if (flaw != Flaw.KEEPS_A_STOPPED_PAYMENTS_PLACE) release.run(); // the result was decided meanwhile
                return;
            }
            release.run();
            result.complete(receipt.apply(paid));
        }

        private Payment payThroughBreaker(HttpRequest payment) throws InterruptedException {
            CircuitBreaker breaker = protections.circuitBreaker();
            boolean permitted = flaw == Flaw.BREAKER_NEVER_OPENS || breaker.tryAcquirePermission()
                    || (flaw == Flaw.PROBES_UNLIMITED && breaker.getState() == CircuitBreaker.State.HALF_OPEN);
            if (!permitted) throw protections.circuitOpen();
            long start = System.nanoTime();
            try {
                Payment paid = call(Step.PAYMENT, payment, Json::payment);
                if (flaw == Flaw.NEVER_REPORTS_A_SUCCESS) {
                    breaker.releasePermission();
                } else {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                return paid;
            } catch (CheckoutException failure) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure.getCause() != null ? failure.getCause() : failure);
                throw failure;
            } catch (InterruptedException stopped) {
                if (flaw != Flaw.KEEPS_A_STOPPED_PROBES_PERMISSION) breaker.releasePermission();
                throw stopped;
            }
        }

        private <T> T call(Step step, HttpRequest request, Function<byte[], T> decode) throws InterruptedException {
            CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, JdkHttpFailures.bodyWithinLimit());
            try {
                HttpResponse<byte[]> response = exchange.get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                CallFailure.requireSuccess(response.statusCode());
                return decode.apply(response.body());
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw CallFailure.timeout(e).toCheckoutException(step, "", 1);
            } catch (ExecutionException e) {
                if (JdkHttpFailures.classify(e) instanceof CallFailure failure) throw failure.toCheckoutException(step, "", 1);
                throw new IllegalStateException(e.getCause());
            } catch (CallFailure failure) {
                throw failure.toCheckoutException(step, "", 1);
            } catch (InterruptedException e) {
                exchange.cancel(true);
                throw e;
            }
        }

        @Override
        public void close() {
            checkoutThreads.shutdownNow();
            paymentThreads.shutdownNow();
            if (flaw != Flaw.CLOSE_LEAVES_THE_TIMER_RUNNING) timer.shutdownNow();
            if ((Object) client instanceof AutoCloseable closeable) { // JDK 21+: closes its connections; this module compiles for 17
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            httpThreads.shutdownNow();
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
