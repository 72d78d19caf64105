package dev.asyncrosetta.futures;

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
import dev.asyncrosetta.model.RunningCheckouts;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.StyleThreads;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.resilience.PaymentPlaces;
import dev.asyncrosetta.resilience.Protections;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checkout as CompletableFuture composition: each step a future, chained with thenCompose.
 *
 * <p>The trace context travels as a value beside the futures: a continuation runs on whichever thread
 * completed the stage before it, whose current context is nobody's business of this checkout, so each
 * step is handed its parent's context and hands its own to the calls it makes.
 */
public final class FuturesCheckout implements CheckoutService {
    private final CheckoutPolicy policy;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final FuturesShopClient shop;
    private final RunningCheckouts running = new RunningCheckouts();
    private final StyleThreads workerThreads;
    private final StyleThreads timerThreads;
    private final BrokerPaymentStep broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final PaymentPlaces paymentPlaces;
    private final CheckoutTracing tracing;

    FuturesCheckout(URI shopBaseUri, CheckoutPolicy policy, CheckoutTracing tracing) {
        this(shopBaseUri, policy, null, tracing);
    }

    /** Untraced: a test's way in. */
    FuturesCheckout(URI shopBaseUri, CheckoutPolicy policy) {
        this(shopBaseUri, policy, untraced());
    }

    static CheckoutTracing untraced() {
        return new CheckoutTracing("futures", io.opentelemetry.api.OpenTelemetry.noop());
    }

    // side-by-side: begin threads
    FuturesCheckout(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments, CheckoutTracing tracing) {
        this.policy = policy;
        this.tracing = tracing;
        // Continuations run where the HTTP client completes its futures: on these workers. A fixed
        // pool as newFixedThreadPool makes it, but on a LinkedTransferQueue, and started at once:
        // the workers hand each other work all the time (sendAsync, handleAsync), and then neither
        // the queue's offer nor starting a thread takes a lock a worker could be made to wait for on
        // a busy machine (C17), as LinkedBlockingQueue's offer and a lazily started pool do.
        // StyleThreads also tells close() whether it runs on one of these threads.
        this.workerThreads = StyleThreads.named("futures-worker-");
        this.timerThreads = StyleThreads.named("futures-timer-");
        int size = StyleThreads.ioThreads(Math.max(2, Runtime.getRuntime().availableProcessors()));
        ThreadPoolExecutor workers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(),
                workerThreads);
        workers.prestartAllCoreThreads();
        this.workers = workers;
        this.timer = new ScheduledThreadPoolExecutor(1, timerThreads);
        this.timer.prestartAllCoreThreads();
        // A deadline cancelled early must not sit in the queue. Nothing is left there at close(): it
        // cancels every checkout first, and that cancels their deadlines, backoffs and call timeouts.
        this.timer.setRemoveOnCancelPolicy(true);
        this.shop = new FuturesShopClient(shopBaseUri, policy.callTimeout(), timer, workers, tracing);
        try {
            this.broker = payments == null ? null : new BrokerPaymentStep(payments, policy.callTimeout(), timer, workers);
        } catch (RuntimeException refused) {
            close(); // Kafka refused the configuration: the client and the threads started above must not outlive open() (M12)
            throw refused;
        }
        this.protections = Protections.of(policy);
        this.paymentPlaces = protections.paymentPlaces((delay, task) -> {
            ScheduledFuture<?> scheduled = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        });
    }
    // side-by-side: end threads

    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        try {
            CheckoutRequest.requireValid(request);
        } catch (CheckoutException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        if (running.isClosed()) {
            return CompletableFuture.failedFuture(RunningCheckouts.closedService());
        }
        // The caller's context, read on the caller's thread: the one moment it is there to read.
        Span span = tracing.startCheckout(Context.current(), request.requestId());
        CompletableFuture<Receipt> checkout = admitted(request, Context.current().with(span));
        checkout.whenComplete((receipt, failure) -> tracing.checkoutEnded(span, request.requestId(), unwrap(failure)));
        return checkout;
    }

    // side-by-side: begin admission
    /**
     * The checkout if the admission bulkhead has a place for it, else a failure at once, before any
     * call. The permission API rather than Bulkhead.decorateCompletionStage: that returns a future of
     * its own, and cancelling it would not reach the checkout's (see {@link #withDeadline}).
     */
    private CompletableFuture<Receipt> admitted(CheckoutRequest request, Context trace) {
        if (!protections.admission().tryAcquirePermission()) {
            return CompletableFuture.failedFuture(protections.overloaded());
        }
        CompletableFuture<Receipt> checkout = withDeadline(request, trace);
        checkout.whenComplete((receipt, failure) -> protections.admission().onComplete());
        return checkout;
    }
    // side-by-side: end admission

    // side-by-side: begin deadline
    // side-by-side: begin cancellation
    /**
     * {@link #run} raced against the deadline, on a result of its own: cancelling the future run
     * returns would not reach the stage in flight (see {@link InFlight}). However the result is
     * decided (receipt, failure, deadline, the caller's cancel or complete, or close), the rest
     * stops: what is in flight is aborted and nothing more starts.
     */
    private CompletableFuture<Receipt> withDeadline(CheckoutRequest request, Context trace) {
        InFlight inFlight = new InFlight(timer);
        // Set once the broker acknowledged the payment request of a checkout that awaits its outcome:
        // the deadline then answers with it (the payment is pending, not failed).
        AtomicReference<Receipt> answerAtDeadline = new AtomicReference<>();
        CompletableFuture<Receipt> result = new CompletableFuture<>();
        result.whenComplete((receipt, failure) -> inFlight.abort());
        // A close() racing this cancels the result here, so the abort above has already run and the
        // checkout makes no call.
        running.track(result);
        inFlight.delay(policy.deadline()).thenRun(() -> {
            Receipt pending = answerAtDeadline.get();
            if (pending != null) {
                result.complete(pending);
            } else {
                result.completeExceptionally(new DeadlineExceededException(policy.deadline()));
            }
        });
        run(request, inFlight, trace, answerAtDeadline).whenComplete((receipt, failure) -> {
            if (failure == null) {
                result.complete(receipt);
            } else {
                result.completeExceptionally(unwrap(failure));
            }
        });
        return result;
    }
    // side-by-side: end cancellation
    // side-by-side: end deadline

    // side-by-side: begin workflow
    private CompletableFuture<Receipt> run(CheckoutRequest request, InFlight inFlight, Context trace,
            AtomicReference<Receipt> answerAtDeadline) {
        return fetchUser(request, inFlight, trace).thenCompose(user ->
                fetchOrders(request, inFlight, trace, user).thenCompose(orders -> orders.isEmpty()
                        ? CompletableFuture.completedFuture(Receipt.nothingToPay(request.requestId(), user))
                        : fetchDetails(request, inFlight, trace, orders).thenCompose(details -> broker == null
                                ? pay(request, inFlight, trace, user, details).thenApply(payment ->
                                        Receipt.paid(request.requestId(), user, orders, details, payment))
                                : payThroughBroker(request, inFlight, trace, user, orders, details, answerAtDeadline))));
    }
    // side-by-side: end workflow

    // side-by-side: begin fetch-user
    private CompletableFuture<User> fetchUser(CheckoutRequest request, InFlight inFlight, Context trace) {
        return inStep(Step.USER, trace, step ->
                withRetries(Step.USER, step, request, inFlight, () -> shop.user(step, request.requestId(), request.userId())));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private CompletableFuture<List<Order>> fetchOrders(CheckoutRequest request, InFlight inFlight, Context trace, User user) {
        return inStep(Step.ORDERS, trace, step ->
                withRetries(Step.ORDERS, step, request, inFlight, () -> shop.orders(step, request.requestId(), user.id())));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * At most detailsConcurrency calls at once: each call that succeeds starts the next order. Results
     * land in their order's slot, so the list keeps the orders' order whatever order they finish in.
     * The first failure fails the whole list at once; the checkout then aborts the others.
     */
    private CompletableFuture<List<OrderDetails>> fetchDetails(CheckoutRequest request, InFlight inFlight, Context trace,
            List<Order> orders) {
        return inStep(Step.DETAILS, trace, step -> fetchDetails(request, inFlight, step, orders, policy.detailsConcurrency()));
    }

    private CompletableFuture<List<OrderDetails>> fetchDetails(CheckoutRequest request, InFlight inFlight, Context step,
            List<Order> orders, int concurrency) {
        OrderDetails[] slots = new OrderDetails[orders.size()];
        AtomicInteger nextOrder = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(orders.size());
        CompletableFuture<List<OrderDetails>> all = new CompletableFuture<>();
        Runnable fetchNext = new Runnable() {
            @Override
            public void run() {
                int index = nextOrder.getAndIncrement();
                if (index >= orders.size() || all.isDone()) return;
                String orderId = orders.get(index).id();
                withRetries(Step.DETAILS, step, request, inFlight, () -> shop.details(step, request.requestId(), orderId))
                        .whenComplete((details, failure) -> {
                            if (failure != null) {
                                all.completeExceptionally(failure);
                                return;
                            }
                            slots[index] = details;
                            if (remaining.decrementAndGet() == 0) {
                                all.complete(Arrays.asList(slots));
                            } else {
                                run();
                            }
                        });
            }
        };
        for (int i = 0; i < Math.min(concurrency, orders.size()); i++) {
            fetchNext.run();
        }
        return all;
    }
    // side-by-side: end fetch-details

    // side-by-side: begin pay
    /**
     * Each attempt goes through the circuit breaker, and then through the payment bulkhead, as
     * Resilience4j orders them (Retry around CircuitBreaker around Bulkhead): a rejection is not a
     * CallFailure, so it is never retried, and it reaches the caller as the family's rejection.
     */
    private CompletableFuture<Payment> pay(CheckoutRequest request, InFlight inFlight, Context trace, User user,
            List<OrderDetails> details) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        return inStep(Step.PAYMENT, trace, step -> {
            Supplier<CompletionStage<Payment>> protectedAttempt = CircuitBreaker.decorateCompletionStage(protections.circuitBreaker(),
                    () -> inPaymentPlace(inFlight, () -> shop.pay(step, request.requestId(), payment)));
            return withRetries(Step.PAYMENT, step, request, inFlight, () -> protectedAttempt.get().toCompletableFuture())
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(protections.paymentRejection(unwrap(failure))));
        });
    }

    /**
     * The call once it holds a place in the payment bulkhead, which it gives back when it ends. The
     * wait for a place holds no worker ({@link PaymentPlaces}); both the wait and the call start
     * through {@link InFlight}, so a stopped checkout gives up its wait and aborts its call (the
     * breaker's own future is not the exchange's: cancelling it would abort nothing).
     */
    private <T> CompletableFuture<T> inPaymentPlace(InFlight inFlight, Supplier<CompletableFuture<T>> call) {
        return inFlight.start(paymentPlaces::take)
                .thenCompose(place -> inFlight.start(call).whenComplete((value, failure) -> paymentPlaces.release()));
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending as soon as the broker
     * acknowledged it; awaiting, the outcome decides. The wait for the outcome starts before the
     * publish, so the outcome cannot come first. Publish failures go through the same retry and
     * failure rule as an HTTP call: BROKER_UNAVAILABLE is not transient (the producer has retried).
     */
    private CompletableFuture<Receipt> payThroughBroker(CheckoutRequest request, InFlight inFlight, Context trace, User user,
            List<Order> orders, List<OrderDetails> details, AtomicReference<Receipt> answerAtDeadline) {
        return inStep(Step.PAYMENT, trace, step -> publishPayment(request, inFlight, step, user, orders, details, answerAtDeadline));
    }

    private CompletableFuture<Receipt> publishPayment(CheckoutRequest request, InFlight inFlight, Context step, User user,
            List<Order> orders, List<OrderDetails> details, AtomicReference<Receipt> answerAtDeadline) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(request.requestId(), user, orders, details, new PendingPayment(request.requestId(), payment));
        PaymentRequestMessage message = PaymentRequestMessage.of(request.requestId(), payment);
        if (!broker.awaitsOutcome()) {
            return withRetries(Step.PAYMENT, step, request, inFlight, () -> broker.publish(message)).thenApply(acknowledged -> pending);
        }
        CompletableFuture<PaymentOutcome> outcome = inFlight.start(() -> broker.outcomeOf(request.requestId()));
        return withRetries(Step.PAYMENT, step, request, inFlight, () -> broker.publish(message))
                .thenCompose(acknowledged -> {
                    answerAtDeadline.set(pending);
                    return outcome;
                })
                .thenCompose(paid -> paid.result() == PaymentOutcome.Result.PAID
                        ? CompletableFuture.completedFuture(Receipt.paid(request.requestId(), user, orders, details, paid.payment().orElseThrow()))
                        : CompletableFuture.failedFuture(CallFailure.of(paid).toCheckoutException(Step.PAYMENT, request.userId(), 1)));
    }

    /** The step's span, a child of the checkout's, whose context the step's calls are given; ended when the step's future is. */
    private <T> CompletableFuture<T> inStep(Step step, Context checkout, Function<Context, CompletableFuture<T>> body) {
        Span span = tracing.startStep(checkout, step);
        CompletableFuture<T> done = body.apply(checkout.with(span));
        done.whenComplete((value, failure) -> {
            if (failure == null) CheckoutTracing.succeeded(span);
            // A dependent stage fails with its cause wrapped: the span names the cause (aborted, the call's failure).
            else CheckoutTracing.failed(span, unwrap(failure));
        });
        return done;
    }

    // side-by-side: begin retries
    /** One call, retried while its failure is transient, with the backoff doubling between attempts. */
    private <T> CompletableFuture<T> withRetries(Step step, Context trace, CheckoutRequest request, InFlight inFlight,
            Supplier<CompletableFuture<T>> call) {
        return attempt(1, step, trace, request, inFlight, call);
    }

    private <T> CompletableFuture<T> attempt(int attempt, Step step, Context trace, CheckoutRequest request, InFlight inFlight,
            Supplier<CompletableFuture<T>> call) {
        return inFlight.start(call).exceptionallyCompose(failure -> {
            if (!(unwrap(failure) instanceof CallFailure callFailure)) {
                // Aborted (the outcome is already decided), or a bug: never retried, the bug reaches the caller as it is.
                return CompletableFuture.failedFuture(failure);
            }
            if (callFailure.isTransient() && attempt < policy.maxAttempts()) {
                tracing.retrying(trace, request.requestId(), step, attempt, callFailure, policy.backoffAfter(attempt));
                return inFlight.delay(policy.backoffAfter(attempt))
                        .thenCompose(ignored -> attempt(attempt + 1, step, trace, request, inFlight, call));
            }
            return CompletableFuture.failedFuture(callFailure.toCheckoutException(step, request.userId(), attempt));
        });
    }
    // side-by-side: end retries

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * Cancels the checkouts still running (aborting their calls), then releases the client and
     * threads, and waits for the threads to end, unless it runs on one of them (a caller may close
     * the service from a checkout's own callback): a thread cannot wait for its own pool to end, and
     * it ends by itself once that callback returns.
     */
    @Override
    public void close() {
        if (!running.cancelAll()) {
            return;
        }
        shop.close();
        boolean onOurThread = workerThreads.isCurrentThreadOurs() || timerThreads.isCurrentThreadOurs();
        if (broker != null && onOurThread) {
            broker.closeWithoutWaiting(); // flushing the producer blocks: not on a worker or the timer
        } else if (broker != null) {
            broker.close(); // flushes what was handed to the producer, then closes both Kafka clients
        }
        // shutdown, not shutdownNow: interrupting the workers could interrupt the caller of close() itself.
        workers.shutdown();
        timer.shutdown();
        if (onOurThread) {
            return;
        }
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
