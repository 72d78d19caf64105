package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

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
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.resilience.PaymentPlaces;
import dev.asyncrosetta.resilience.Protections;
import io.github.resilience4j.rxjava3.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.rxjava3.circuitbreaker.operator.CircuitBreakerOperator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.functions.Function;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The checkout as one RxJava chain: each step a Single, chained with flatMap. Disposing the chain
 * (the deadline, a failed sibling, the caller's cancel) reaches every call in flight and aborts it.
 *
 * <p>The trace context travels as a value through the chain: the checkout reads the caller's on the
 * caller's thread, each step makes its span under it and hands the step's context to the calls it
 * makes (see {@link JdkHttpShopClient} for why not a thread-local).
 */
public final class RxJavaCheckout implements CheckoutService {

    /** How {@link #fetchDetails} fans the detail calls out. */
    enum DetailsFanOut {
        /** The idiom, and the registered style's: a slow head order narrows the window. */
        CONCAT_MAP_EAGER,
        /**
         * A new call whenever any call ends, as the other styles do: only for the benchmark, whose
         * level field compares styles at the same number of calls in flight.
         */
        SLIDING_WINDOW
    }

    private final CheckoutPolicy policy;
    private final RxJavaShopClient shop;
    private final Scheduler scheduler;
    private final AutoCloseable resources;
    private final RunningCheckouts running = new RunningCheckouts();
    private final BrokerPaymentStep broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final PaymentPlaces paymentPlaces;
    private final DetailsFanOut fanOut;
    private final CheckoutTracing tracing;

    /**
     * The workflow over any shop client and scheduler: the style's own (see {@link #open}), or a
     * test's fake shop and TestScheduler. The scheduler runs each checkout's subscription and
     * disposal and times its timeouts, backoffs and deadline. {@code resources} is what
     * {@link #close} releases. The details are fanned out as the style does, by concatMapEager.
     */
    RxJavaCheckout(CheckoutPolicy policy, RxJavaShopClient shop, Scheduler scheduler, AutoCloseable resources) {
        this(policy, shop, scheduler, resources, DetailsFanOut.CONCAT_MAP_EAGER);
    }

    RxJavaCheckout(CheckoutPolicy policy, RxJavaShopClient shop, Scheduler scheduler, AutoCloseable resources, DetailsFanOut fanOut) {
        this(policy, shop, scheduler, resources, null, fanOut, untraced());
    }

    private RxJavaCheckout(CheckoutPolicy policy, RxJavaShopClient shop, Scheduler scheduler, AutoCloseable resources,
            BrokerPaymentStep broker, DetailsFanOut fanOut, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.policy = policy;
        this.shop = shop;
        this.scheduler = scheduler;
        this.resources = resources;
        this.broker = broker;
        this.protections = Protections.of(policy);
        this.paymentPlaces = protections.paymentPlaces((delay, task) -> scheduler.scheduleDirect(task, delay.toNanos(), NANOSECONDS)::dispose);
        this.fanOut = fanOut;
    }

    // side-by-side: begin threads
    /** The service the style opens: the HTTP client and the chain on the one thread it owns. */
    static RxJavaCheckout open(URI shopBaseUri, CheckoutPolicy policy, DetailsFanOut fanOut, CheckoutTracing tracing) {
        ServiceLoop loop = new ServiceLoop();
        JdkHttpShopClient shop = new JdkHttpShopClient(shopBaseUri, loop.executor(), tracing);
        // The loop first runs the cancelled checkouts' disposals, which abort the exchanges; then
        // the client can close without waiting for any.
        return new RxJavaCheckout(policy, shop, loop.scheduler(), () -> loop.close(shop::close), null, fanOut, tracing);
    }

    /** Untraced: a test's way in. */
    static CheckoutTracing untraced() {
        return new CheckoutTracing("rxjava", OpenTelemetry.noop());
    }
    // side-by-side: end threads

    /**
     * The service paying through the broker: acknowledgements and outcomes are signalled on the same
     * one thread, never on Kafka's; the Kafka clients block on threads of their own (see BrokerPublisher).
     */
    static RxJavaCheckout open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments, DetailsFanOut fanOut,
            CheckoutTracing tracing) {
        ServiceLoop loop = new ServiceLoop();
        JdkHttpShopClient shop = new JdkHttpShopClient(shopBaseUri, loop.executor(), tracing);
        BrokerPaymentStep broker;
        try {
            broker = new BrokerPaymentStep(payments, policy.callTimeout(), loop);
        } catch (RuntimeException refused) {
            loop.close(shop::close); // Kafka refused the configuration: nothing built above may outlive open() (M12)
            throw refused;
        }
        // The loop first runs the cancelled checkouts' disposals; then the Kafka clients flush and
        // close while it still runs (their last acknowledgements are handed to it), then it ends.
        return new RxJavaCheckout(policy, shop, loop.scheduler(), () -> loop.close(() -> {
            try {
                shop.close();
            } finally {
                broker.close();
            }
        }), broker, fanOut, tracing);
    }

    // side-by-side: begin cancellation
    /**
     * The adapter for {@link CheckoutService} callers: the future completes with the chain's outcome,
     * and however it completes, the caller's cancel, complete, completeExceptionally or orTimeout
     * included, the chain is disposed. It is tracked for close() before the chain is subscribed, so
     * a close() at any moment cancels it; one that came first has cancelled it already, and nothing
     * is subscribed.
     *
     * <p>Hand-written, not {@code withDeadline(request).toCompletionStage()}: that future disposes
     * the chain from its overridden cancel, complete and completeExceptionally (so orTimeout too),
     * but it subscribes as it is made, before it could be tracked; completeAsync and obtrudeValue
     * complete it around those overrides and leave the chain running; and an error the chain
     * signals after the caller completed it (the disposal is still queued for the service's thread)
     * goes to RxJavaPlugins.onError as undeliverable, where completeExceptionally here just returns
     * false.
     */
    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        // Refused before its span is started: a request that causes no work is not traced either (C40).
        try {
            CheckoutRequest.requireValid(request);
        } catch (CheckoutException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        // Checked here as well as per subscription: track() would cancel a checkout asked after
        // close(), and its caller is owed the IllegalStateException instead (C24).
        if (running.isClosed()) {
            return CompletableFuture.failedFuture(RunningCheckouts.closedService());
        }
        CompletableFuture<Receipt> result = running.track(new CompletableFuture<>());
        if (result.isDone()) {
            return result;
        }
        // The caller's context, read on the caller's thread: the one moment it is there to read.
        Span span = tracing.startCheckout(Context.current(), request.requestId());
        result.whenComplete((receipt, failure) -> tracing.checkoutEnded(span, request.requestId(), failure));
        Disposable chain = withDeadline(request, Context.current().with(span))
                .subscribe(result::complete, result::completeExceptionally);
        // A no-op once the chain has ended, at once if a close() has cancelled the future meanwhile,
        // and otherwise it aborts what is in flight, or unqueues a subscription not yet run.
        result.whenComplete((receipt, failure) -> chain.dispose());
        return result;
    }
    // side-by-side: end cancellation

    // side-by-side: begin deadline
    /**
     * The whole checkout as a cold Single: nothing runs until subscription, disposing it aborts
     * whatever is in flight, and it fails with exactly one of the CheckoutException family (or the
     * closed service's IllegalStateException). Each subscription validates the request and checks
     * the service is open, on the subscriber's thread, so an invalid request fails at once and a
     * Single subscribed after close() fails rather than queue work on a thread that has ended. Then
     * the four steps run on the service's thread under one deadline; when it fires, the timeout
     * disposes everything upstream.
     */
    Single<Receipt> withDeadline(CheckoutRequest request) {
        return withDeadline(request, Context.root());
    }

    /** @param trace the checkout's trace context: its steps' spans are its children */
    Single<Receipt> withDeadline(CheckoutRequest request, Context trace) {
        return Single.defer(() -> {
            CheckoutRequest valid = CheckoutRequest.requireValid(request); // thrown: fails this subscription
            if (running.isClosed()) {
                return Single.error(RunningCheckouts.closedService());
            }
            // Set once the broker acknowledged the payment request of a checkout that awaits its
            // outcome: the deadline then answers with it (the payment is pending, not failed).
            AtomicReference<Receipt> answerAtDeadline = new AtomicReference<>();
            return admitted(run(valid, trace, answerAtDeadline)
                    .timeout(policy.deadline().toNanos(), NANOSECONDS, scheduler,
                            Single.defer(() -> atDeadline(answerAtDeadline.get())))
                    // A dispose from the caller's thread runs on the service's, never beside a
                    // signal; so does the subscription, unless a dispose comes first and unqueues it.
                    .unsubscribeOn(scheduler)
                    .subscribeOn(scheduler));
        });
    }
    // side-by-side: end deadline

    // side-by-side: begin admission
    /**
     * The checkout if the admission bulkhead has a place for it: the operator takes the place on
     * subscribe, on the subscriber's thread before subscribeOn hops (so a refusal is already there
     * when checkout returns), and gives it back however the checkout ends, its disposal included.
     */
    private Single<Receipt> admitted(Single<Receipt> checkout) {
        return checkout.compose(BulkheadOperator.of(protections.admission()))
                .onErrorResumeNext(failure -> Single.error(protections.admissionRejection(failure)));
    }
    // side-by-side: end admission

    private Single<Receipt> atDeadline(Receipt pending) {
        return pending != null ? Single.just(pending) : Single.error(new DeadlineExceededException(policy.deadline()));
    }

    // side-by-side: begin workflow
    private Single<Receipt> run(CheckoutRequest request, Context trace, AtomicReference<Receipt> answerAtDeadline) {
        return fetchUser(request, trace).flatMap(user ->
                fetchOrders(request, trace, user).flatMap(orders -> orders.isEmpty()
                        ? Single.just(Receipt.nothingToPay(request.requestId(), user))
                        : fetchDetails(request, trace, orders).flatMap(details -> broker == null
                                ? pay(request, trace, user, details).map(payment ->
                                        Receipt.paid(request.requestId(), user, orders, details, payment))
                                : inStep(Step.PAYMENT, trace, step -> payThroughBroker(request, user, orders, details, answerAtDeadline)))));
    }
    // side-by-side: end workflow

    // side-by-side: begin fetch-user
    private Single<User> fetchUser(CheckoutRequest request, Context trace) {
        return inStep(Step.USER, trace, step -> withRetries(Step.USER, step, request, shop.user(step, request.requestId(), request.userId())));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private Single<List<Order>> fetchOrders(CheckoutRequest request, Context trace, User user) {
        return inStep(Step.ORDERS, trace, step -> withRetries(Step.ORDERS, step, request, shop.orders(step, request.requestId(), user.id())));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * concatMapEager runs at most detailsConcurrency calls at once and emits their results in the
     * orders' order, whatever order they complete in. The first error fails the list and cancels
     * the calls still running. (The benchmark can ask for a sliding window instead: see below.)
     */
    private Single<List<OrderDetails>> fetchDetails(CheckoutRequest request, Context trace, List<Order> orders) {
        return inStep(Step.DETAILS, trace, step -> {
            Function<Order, Single<OrderDetails>> detailsOf =
                    order -> withRetries(Step.DETAILS, step, request, shop.details(step, request.requestId(), order.id()));
            return switch (fanOut) {
                case CONCAT_MAP_EAGER -> Flowable.fromIterable(orders)
                        .concatMapEager(order -> detailsOf.apply(order).toFlowable(), policy.detailsConcurrency(), 1)
                        .toList();
                case SLIDING_WINDOW -> inSlidingWindow(orders, detailsOf);
            };
        });
    }
    // side-by-side: end fetch-details

    /**
     * The fan-out for the benchmark's level field, which compares styles at the same number of calls
     * in flight: flatMapSingle starts the next order as soon as any call answers, so the window stays
     * full while orders remain; each answer is keyed by its order's index, and toSortedList puts them
     * back in the orders' order once all have answered. Fails as concatMapEager does: without
     * delayErrors, the first error disposes the calls in flight and requests no further order.
     */
    private Single<List<OrderDetails>> inSlidingWindow(List<Order> orders, Function<Order, Single<OrderDetails>> detailsOf) {
        return Flowable.range(0, orders.size())
                .flatMapSingle(index -> detailsOf.apply(orders.get(index)).map(details -> Map.entry(index, details)),
                        false, policy.detailsConcurrency())
                .toSortedList(Map.Entry.comparingByKey())
                .map(sorted -> sorted.stream().map(Map.Entry::getValue).toList());
    }

    // side-by-side: begin pay
    /**
     * Each attempt, once timed, goes through the circuit breaker and then the payment bulkhead, as
     * Resilience4j orders them (Retry around CircuitBreaker around Bulkhead): a rejection is no
     * CallFailure, so it is never retried, and reaches the caller as the family's rejection.
     */
    private Single<Payment> pay(CheckoutRequest request, Context trace, User user, List<OrderDetails> details) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        return inStep(Step.PAYMENT, trace, step -> withRetries(Step.PAYMENT, step, request, shop.pay(step, request.requestId(), payment),
                        attempt -> inPaymentPlace(attempt).compose(CircuitBreakerOperator.of(protections.circuitBreaker())))
                .onErrorResumeNext(failure -> Single.error(protections.paymentRejection(failure))));
    }

    /**
     * The attempt once it holds a place in the payment bulkhead, which {@code using} gives back
     * however it ends (or gives up its wait). Not BulkheadOperator: with a wait, Resilience4j's
     * bulkhead parks the subscribing thread (the service's one thread here) in a Semaphore;
     * {@link PaymentPlaces} waits on the scheduler's timer instead.
     */
    private <T> Single<T> inPaymentPlace(Single<T> attempt) {
        return Single.using(paymentPlaces::take, place -> Completable.fromCompletionStage(place).andThen(attempt), paymentPlaces::leave);
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending as soon as the broker
     * acknowledged it; awaiting, the outcome decides. A publish is not retried (BROKER_UNAVAILABLE is
     * not transient: the producer has retried within callTimeout) and has its own timeout, so it does
     * not go through withRetries' per-call timeout.
     */
    private Single<Receipt> payThroughBroker(CheckoutRequest request, User user, List<Order> orders, List<OrderDetails> details,
            AtomicReference<Receipt> answerAtDeadline) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(request.requestId(), user, orders, details, new PendingPayment(request.requestId(), payment));
        Single<Receipt> acknowledged = broker.publish(PaymentRequestMessage.of(request.requestId(), payment))
                .map(metadata -> pending)
                .onErrorResumeNext(failure -> Single.error(failure instanceof CallFailure callFailure
                        ? callFailure.toCheckoutException(Step.PAYMENT, request.userId(), 1)
                        : failure));
        if (!broker.awaitsOutcome()) {
            return acknowledged;
        }
        // zip subscribes its sources in order: the wait for the outcome is registered before the
        // publish starts, so the outcome cannot come first; a failed publish disposes the wait.
        return Single.zip(broker.outcomeOf(request.requestId()), acknowledged.doOnSuccess(answerAtDeadline::set),
                        (outcome, acknowledgedPending) -> outcome)
                .flatMap(outcome -> outcome.result() == PaymentOutcome.Result.PAID
                        ? Single.just(Receipt.paid(request.requestId(), user, orders, details, outcome.payment().orElseThrow()))
                        : Single.error(CallFailure.of(outcome).toCheckoutException(Step.PAYMENT, request.userId(), 1)));
    }

    /**
     * The step's span for each subscription, a child of the checkout's; the step's context is handed
     * to what runs inside it. Ended with the step's outcome, or as aborted when the step is disposed.
     */
    private <T> Single<T> inStep(Step step, Context checkout, java.util.function.Function<Context, Single<T>> body) {
        return Single.defer(() -> {
            Span span = tracing.startStep(checkout, step);
            return body.apply(checkout.with(span))
                    .doOnSuccess(value -> CheckoutTracing.succeeded(span))
                    .doOnError(failure -> CheckoutTracing.failed(span, failure))
                    .doOnDispose(() -> CheckoutTracing.failed(span, new java.util.concurrent.CancellationException("aborted")));
        });
    }

    // side-by-side: begin retries
    /**
     * One call, each attempt cut off at callTimeout, retried while its failure is transient with the
     * backoff doubling between attempts. The call is cold, so retryWhen's resubscription is a new
     * request; the timeout's disposal aborts the attempt it gave up on.
     */
    private <T> Single<T> withRetries(Step step, Context trace, CheckoutRequest request, Single<T> call) {
        return withRetries(step, trace, request, call, UnaryOperator.identity());
    }

    /** The same, each timed attempt going through {@code protection} (the payment's breaker and bulkhead). */
    private <T> Single<T> withRetries(Step step, Context trace, CheckoutRequest request, Single<T> call,
            UnaryOperator<Single<T>> protection) {
        return protection.apply(withCallTimeout(call))
                .retryWhen(failures -> {
                    AtomicInteger attempts = new AtomicInteger(); // per subscription: retryWhen calls this once for each
                    return failures.concatMapSingle(failure ->
                            retryOrGiveUp(failure, attempts.incrementAndGet(), step, trace, request));
                });
    }

    /** After failed attempt n: the backoff before attempt n + 1, or the CheckoutException the caller sees. */
    private Single<Long> retryOrGiveUp(Throwable failure, int attempt, Step step, Context trace, CheckoutRequest request) {
        if (!(failure instanceof CallFailure callFailure)) {
            return Single.error(failure);
        }
        if (callFailure.isTransient() && attempt < policy.maxAttempts()) {
            tracing.retrying(trace, request.requestId(), step, attempt, callFailure, policy.backoffAfter(attempt));
            return Single.timer(policy.backoffAfter(attempt).toNanos(), NANOSECONDS, scheduler);
        }
        return Single.error(callFailure.toCheckoutException(step, request.userId(), attempt));
    }
    // side-by-side: end retries

    // side-by-side: begin timeout
    /** One attempt, cut off at callTimeout: the timeout disposes it, which aborts the exchange, body included. */
    private <T> Single<T> withCallTimeout(Single<T> call) {
        return call.timeout(policy.callTimeout().toNanos(), NANOSECONDS, scheduler,
                Single.error(() -> CallFailure.timeout(new TimeoutException(
                        "no answer within " + policy.callTimeout().toMillis() + " ms"))));
    }
    // side-by-side: end timeout

    /**
     * Cancels the checkouts still running (aborting their calls), then releases the client and
     * thread; from the service's own thread (a checkout's callback) it returns at once and the
     * release follows as soon as that callback has returned.
     */
    @Override
    public void close() {
        if (!running.cancelAll()) {
            return;
        }
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the rxjava checkout failed", e);
        }
    }
}
