package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutTracing;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PendingPayment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.resilience.Protections;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The checkout as plain sequential blocking code: each step a method call that returns its answer,
 * on a thread of its own. The same class is both the {@code virtual-threads} and the
 * {@code blocking} style; only the {@link Threads} it is given differ.
 *
 * <p>Nothing here passes callbacks around. Interruption is the one way to stop the work: the
 * caller's cancel and the deadline interrupt the checkout's thread, closing the fan-out's scope
 * interrupts its subtasks, and a thread interrupted while it waits for an answer aborts the
 * exchange ({@link LoomShopClient}).
 *
 * <p>The trace context rides along the same way as everything else here: on the thread. The checkout's
 * context is current on its thread while the workflow runs, each step's while the step runs, and a
 * task handed to another thread (a detail call, the payment) is wrapped with the context current when
 * it was handed over ({@link Context#wrap}), so it runs under that context on whichever thread takes it.
 */
public final class LoomCheckout implements CheckoutService {
    /** How long close() may wait, in all, for the threads it stopped to end. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final CheckoutPolicy policy;
    private final Threads threads;
    private final LoomShopClient shop;
    private final LoomBrokerPayments broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final CheckoutTracing tracing;

    LoomCheckout(URI shopBaseUri, CheckoutPolicy policy, Threads threads, CheckoutTracing tracing) {
        this(policy, threads, new LoomShopClient(shopBaseUri, policy.callTimeout(), threads.httpClient(), tracing), null, tracing);
    }

    /** Untraced: a test's way in. */
    LoomCheckout(URI shopBaseUri, CheckoutPolicy policy, Threads threads) {
        this(shopBaseUri, policy, threads, untraced());
    }

    /** Over a client of the caller's making, on {@code threads.httpClient()}, untraced: a test's way in. */
    LoomCheckout(CheckoutPolicy policy, Threads threads, LoomShopClient shop) {
        this(policy, threads, shop, null, untraced());
    }

    private LoomCheckout(CheckoutPolicy policy, Threads threads, LoomShopClient shop, LoomBrokerPayments broker,
            CheckoutTracing tracing) {
        this.policy = policy;
        this.threads = threads;
        this.shop = shop;
        this.broker = broker;
        this.protections = Protections.of(policy);
        this.tracing = tracing;
    }

    static CheckoutTracing untraced() {
        return new CheckoutTracing("loom", OpenTelemetry.noop());
    }

    /**
     * This service, not used yet, paying through the broker instead: the same threads and shop
     * client, which the returned service takes over (close that one).
     */
    LoomCheckout payingThroughBroker(BrokerPayments payments, String threadPrefix) {
        LoomBrokerPayments broker;
        try {
            broker = new LoomBrokerPayments(payments, policy.callTimeout(), threadPrefix);
        } catch (RuntimeException refused) {
            close(); // Kafka refused the configuration: this service's threads and client must not outlive open() (M12)
            throw refused;
        }
        return new LoomCheckout(policy, threads, shop, broker, tracing);
    }

    /**
     * Queues the checkout for a thread and returns at once. The deadline counts from this call, not
     * from when a thread picks the checkout up: on a busy pool a checkout still waiting for a thread
     * fails at its deadline all the same, and then never runs.
     */
    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        try {
            CheckoutRequest.requireValid(request);
        } catch (CheckoutException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        Span span = tracing.startCheckout(Context.current(), request.requestId());
        CompletableFuture<Receipt> checkout;
        try (Scope ignored = span.makeCurrent()) {
            checkout = admitted(request);
        }
        checkout.whenComplete((receipt, failure) -> tracing.checkoutEnded(span, request.requestId(), failure));
        return checkout;
    }

    // side-by-side: begin admission
    /** The checkout if the admission bulkhead has a place for it, else a failure at once: no call, no thread. */
    private CompletableFuture<Receipt> admitted(CheckoutRequest request) {
        if (!protections.admission().tryAcquirePermission()) {
            return CompletableFuture.failedFuture(protections.overloaded());
        }
        CompletableFuture<Receipt> checkout = queued(request);
        checkout.whenComplete((receipt, failure) -> protections.admission().onComplete());
        return checkout;
    }
    // side-by-side: end admission

    private CompletableFuture<Receipt> queued(CheckoutRequest request) {
        // Set once the broker acknowledged the payment request of a checkout that awaits its outcome:
        // the deadline then answers with it (the payment is pending, not failed).
        AtomicReference<Receipt> answerAtDeadline = new AtomicReference<>();
        // The checkout's context goes with the task to whichever thread runs it.
        CheckoutTask task = new CheckoutTask(Context.current().wrap(() -> run(request, answerAtDeadline)));
        try {
            threads.checkouts().execute(withDeadline(task, answerAtDeadline));
        } catch (RejectedExecutionException closed) {
            task.result().completeExceptionally(new IllegalStateException("the checkout service is closed", closed));
        }
        return task.result();
    }

    // side-by-side: begin deadline
    /**
     * The task, with its deadline counted from now: at the deadline its result fails, which cancels
     * the task ({@link CheckoutTask}), interrupting its thread or keeping it from ever running.
     */
    private CheckoutTask withDeadline(CheckoutTask task, AtomicReference<Receipt> answerAtDeadline) {
        CompletableFuture<Receipt> result = task.result();
        ScheduledFuture<?> deadline = threads.deadlines().schedule(() -> {
            Receipt pending = answerAtDeadline.get();
            if (pending != null) {
                result.complete(pending);
            } else {
                result.completeExceptionally(new DeadlineExceededException(policy.deadline()));
            }
        }, policy.deadline().toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((receipt, failure) -> deadline.cancel(false));
        return task;
    }
    // side-by-side: end deadline

    // side-by-side: begin workflow
    private CompletableFuture<Receipt> run(CheckoutRequest request, AtomicReference<Receipt> answerAtDeadline) throws InterruptedException {
        User user = fetchUser(request);
        List<Order> orders = fetchOrders(request, user);
        if (orders.isEmpty()) {
            return CompletableFuture.completedFuture(Receipt.nothingToPay(request.requestId(), user));
        }
        List<OrderDetails> details = fetchDetails(request, orders);
        if (broker != null) {
            return CompletableFuture.completedFuture(payThroughBroker(request, user, orders, details, answerAtDeadline));
        }
        return onAPaymentThread(() -> {
            Payment payment = inStep(Step.PAYMENT, () -> pay(request, user, details));
            return Receipt.paid(request.requestId(), user, orders, details, payment);
        });
    }
    // side-by-side: end workflow

    /**
     * Hands the rest of the checkout to the payment threads and returns at once, freeing this thread:
     * a payment that hangs, or waits for the payment bulkhead, holds a payment thread only.
     */
    private CompletableFuture<Receipt> onAPaymentThread(Callable<Receipt> rest) {
        Callable<Receipt> here = Context.current().wrap(rest);
        CheckoutTask paying = new CheckoutTask(() -> CompletableFuture.completedFuture(here.call()));
        try {
            threads.payments().execute(paying);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new CancellationException("the checkout service was closed"));
        }
        return paying.result();
    }

    // side-by-side: begin fetch-user
    private User fetchUser(CheckoutRequest request) throws InterruptedException {
        return inStep(Step.USER, () -> withRetries(Step.USER, request, () -> shop.user(request.requestId(), request.userId())));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private List<Order> fetchOrders(CheckoutRequest request, User user) throws InterruptedException {
        return inStep(Step.ORDERS, () -> withRetries(Step.ORDERS, request, () -> shop.orders(request.requestId(), user.id())));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * A subtask per order, at most detailsConcurrency running at once, collected in the orders'
     * order whatever order they finish in. The first failure (after its retries) interrupts the
     * others, and leaving the try block waits for them to have stopped.
     */
    private List<OrderDetails> fetchDetails(CheckoutRequest request, List<Order> orders) throws InterruptedException {
        return inStep(Step.DETAILS, () -> {
            try (var scope = new FailFastScope<OrderDetails>(threads.fanOut(), policy.detailsConcurrency())) {
                List<Supplier<OrderDetails>> details = new ArrayList<>(orders.size());
                Context step = Context.current();
                for (Order order : orders) {
                    // Each subtask runs under the step's context, on a fan-out thread.
                    details.add(scope.fork(() -> {
                        try (Scope ignored = step.makeCurrent()) {
                            return withRetries(Step.DETAILS, request, () -> shop.details(request.requestId(), order.id()));
                        }
                    }));
                }
                scope.join();
                return details.stream().map(Supplier::get).toList();
            }
        });
    }
    // side-by-side: end fetch-details

    // side-by-side: begin pay
    /**
     * Each attempt goes through the circuit breaker and then the payment bulkhead, Resilience4j's
     * plain decorators in its order (Retry around CircuitBreaker around Bulkhead). The bulkhead's wait
     * blocks this payment thread, which is what threads are for here. A rejection is no CallFailure,
     * so it is never retried; it reaches the caller as the family's rejection.
     */
    private Payment pay(CheckoutRequest request, User user, List<OrderDetails> details) throws InterruptedException {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        CheckedSupplier<Payment> protectedAttempt = CircuitBreaker.decorateCheckedSupplier(protections.circuitBreaker(),
                Bulkhead.decorateCheckedSupplier(protections.paymentBulkhead(), () -> shop.pay(request.requestId(), payment)));
        try {
            return withRetries(Step.PAYMENT, request, () -> attempt(protectedAttempt));
        } catch (CallNotPermittedException open) {
            throw protections.circuitOpen();
        } catch (BulkheadFullException full) {
            throw protections.paymentBulkheadFull();
        }
    }

    /** A decorated attempt: Resilience4j's CheckedSupplier declares Throwable, the call itself only InterruptedException. */
    private static <T> T attempt(CheckedSupplier<T> protectedAttempt) throws InterruptedException {
        try {
            return protectedAttempt.get();
        } catch (InterruptedException | RuntimeException | Error thrown) {
            throw thrown;
        } catch (Throwable never) {
            throw new IllegalStateException("a shop call throws nothing checked but InterruptedException", never);
        }
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending once the broker
     * acknowledged it; awaiting, the outcome decides, and the deadline answers the pending receipt.
     * The wait for the outcome starts before the publish, so the outcome cannot come first.
     */
    private Receipt payThroughBroker(CheckoutRequest request, User user, List<Order> orders, List<OrderDetails> details,
            AtomicReference<Receipt> answerAtDeadline) throws InterruptedException {
        String requestId = request.requestId();
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(requestId, user, orders, details, new PendingPayment(requestId, payment));
        PaymentRequestMessage message = PaymentRequestMessage.of(requestId, payment);
        if (!broker.awaitsOutcome()) {
            withRetries(Step.PAYMENT, request, () -> {
                broker.publish(message);
                return null;
            });
            return pending;
        }
        CompletableFuture<PaymentOutcome> expected = broker.expectOutcome(requestId);
        try {
            withRetries(Step.PAYMENT, request, () -> {
                broker.publish(message);
                return null;
            });
            answerAtDeadline.set(pending);
            PaymentOutcome outcome = expected.get();
            if (outcome.result() == PaymentOutcome.Result.PAID) {
                return Receipt.paid(requestId, user, orders, details, outcome.payment().orElseThrow());
            }
            throw CallFailure.of(outcome).toCheckoutException(Step.PAYMENT, request.userId(), 1);
        } catch (ExecutionException never) {
            throw new IllegalStateException("an outcome is never completed exceptionally", never);
        } finally {
            broker.forget(requestId);
        }
    }

    /** The step's span, current on this thread while the step runs, ended with its outcome. */
    private <T> T inStep(Step step, Call<T> body) throws InterruptedException {
        Span span = tracing.startStep(Context.current(), step);
        try (Scope ignored = span.makeCurrent()) {
            T result = body.attempt();
            CheckoutTracing.succeeded(span);
            return result;
        } catch (InterruptedException | RuntimeException | Error failure) {
            CheckoutTracing.failed(span, failure);
            throw failure;
        }
    }

    // side-by-side: begin retries
    /** One call, retried while its failure is transient, sleeping a doubling backoff between attempts. */
    private <T> T withRetries(Step step, CheckoutRequest request, Call<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.attempt();
            } catch (CallFailure failure) {
                if (!failure.isTransient() || attempt == policy.maxAttempts()) {
                    throw failure.toCheckoutException(step, request.userId(), attempt);
                }
                tracing.retrying(Context.current(), request.requestId(), step, attempt, failure, policy.backoffAfter(attempt));
            }
            Thread.sleep(policy.backoffAfter(attempt));
        }
    }
    // side-by-side: end retries

    /** One attempt of one HTTP call. */
    @FunctionalInterface
    private interface Call<T> {
        T attempt() throws InterruptedException;
    }

    /**
     * Stops every checkout first (interrupted, so each exchange in flight is aborted), then shuts
     * the HTTP client down, which then has nothing left to abort, and last the client's executor and
     * the timer. Checkouts in flight end cancelled; a checkout asked for afterwards fails with an
     * IllegalStateException. Calling it again does nothing more.
     *
     * <p>Bounded by {@link #CLOSE_GRACE} in all: every step runs whatever became of the one before,
     * so a thread that ignores its interrupt delays the rest by the grace period at most and keeps
     * nothing else alive. Called on a checkout's own thread (from its future's callback) it waits
     * for nothing, since that thread cannot wait for itself: it releases everything and returns.
     */
    @Override
    public void close() {
        long deadlineNanos = System.nanoTime() + CLOSE_GRACE.toNanos();
        threads.stopTasks(deadlineNanos);
        if (broker != null) {
            // Flushes what was handed to the producer, then closes both Kafka clients, within the grace.
            broker.close(Duration.ofNanos(deadlineNanos - System.nanoTime()));
        }
        shop.close(Duration.ofNanos(deadlineNanos - System.nanoTime()));
        threads.stopTheRest(deadlineNanos);
    }
}
