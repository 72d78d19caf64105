package dev.asyncrosetta.reactor;

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
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/**
 * The checkout as one Reactor operator chain. Each step is a Mono; cancelling the chain (the
 * deadline, a failed sibling, the caller) disposes whatever is in flight, down to the HTTP exchange.
 *
 * <p>The trace context rides in the subscriber's Context ({@link ReactorTracing}): the checkout writes
 * the caller's there when it subscribes, each step writes its own for what runs inside it, and each
 * HTTP attempt reads it. Reactor hands the Context to every operator, whichever thread it runs on.
 */
public final class ReactorCheckout implements CheckoutService {

    /** How {@link #fetchDetails} fans the detail calls out. */
    enum DetailsFanOut {
        /** The idiom, and the registered style's: a slow head order narrows the window. */
        FLAT_MAP_SEQUENTIAL,
        /**
         * A new call whenever any call ends, as the other styles do: only for the benchmark, whose
         * level field compares styles at the same number of calls in flight.
         */
        SLIDING_WINDOW
    }

    private final ReactorShopClient shop;
    private final CheckoutPolicy policy;
    private final Scheduler timer;
    private final RetryBackoffSpec transientFailures;
    private final Disposable resources;
    private final RunningCheckouts running = new RunningCheckouts();
    private final BrokerPaymentStep broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final PaymentPlaces paymentPlaces;
    private final DetailsFanOut fanOut;
    private final CheckoutTracing tracing;

    /**
     * With the style's own fan-out, flatMapSequential.
     *
     * @param timer runs the per-call timeouts, the backoffs and the deadline (tests pass a virtual clock)
     * @param resources what {@link #close()} disposes
     */
    ReactorCheckout(ReactorShopClient shop, CheckoutPolicy policy, Scheduler timer, Disposable resources) {
        this(shop, policy, timer, resources, DetailsFanOut.FLAT_MAP_SEQUENTIAL);
    }

    ReactorCheckout(ReactorShopClient shop, CheckoutPolicy policy, Scheduler timer, Disposable resources, DetailsFanOut fanOut) {
        this(shop, policy, timer, resources, null, fanOut, untraced());
    }

    private ReactorCheckout(ReactorShopClient shop, CheckoutPolicy policy, Scheduler timer, Disposable resources,
            BrokerPaymentStep broker, DetailsFanOut fanOut, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.shop = shop;
        this.policy = policy;
        this.timer = timer;
        this.resources = resources;
        this.transientFailures = transientFailures(policy, timer);
        this.broker = broker;
        this.protections = Protections.of(policy);
        this.paymentPlaces = protections.paymentPlaces((delay, task) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS)::dispose);
        this.fanOut = fanOut;
    }

    // side-by-side: begin threads
    /**
     * The service over HTTP. The timer and the client's event loops and connections are its own, not
     * Reactor's global schedulers or Reactor Netty's global resources, so {@link #close()} can release them.
     */
    static ReactorCheckout overHttp(URI shopBaseUri, CheckoutPolicy policy, DetailsFanOut fanOut, CheckoutTracing tracing) {
        Scheduler timer = Schedulers.newSingle("rosetta-reactor-timer", true);
        ReactorNettyShopClient shop = new ReactorNettyShopClient(shopBaseUri, timer, tracing);
        return new ReactorCheckout(shop, policy, timer, Disposables.composite(shop, timer), null, fanOut, tracing);
    }

    /** Untraced: a test's way in. */
    static CheckoutTracing untraced() {
        return new CheckoutTracing("reactor", OpenTelemetry.noop());
    }
    // side-by-side: end threads

    /**
     * The service paying through the broker. Acknowledgements and outcomes are signalled on its timer,
     * never on Kafka's threads; the Kafka clients block on threads of their own (see BrokerPublisher).
     */
    static ReactorCheckout overBroker(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments, DetailsFanOut fanOut,
            CheckoutTracing tracing) {
        Scheduler timer = Schedulers.newSingle("rosetta-reactor-timer", true);
        ReactorNettyShopClient shop = new ReactorNettyShopClient(shopBaseUri, timer, tracing);
        BrokerPaymentStep broker;
        try {
            broker = new BrokerPaymentStep(payments, policy.callTimeout(), timer);
        } catch (RuntimeException refused) {
            Disposables.composite(shop, timer).dispose(); // Kafka refused the configuration: nothing built above may outlive open() (M12)
            throw refused;
        }
        // Disposed in this order: the Kafka clients flush and close while the timer still runs. Closed
        // on the timer or an event loop (a checkout's callback), they close on a thread of their own.
        Disposable closeBroker = () -> {
            if (Schedulers.isInNonBlockingThread()) {
                broker.closeWithoutWaiting();
            } else {
                broker.close();
            }
        };
        return new ReactorCheckout(shop, policy, timer, Disposables.composite(shop, closeBroker, timer), broker, fanOut, tracing);
    }

    // side-by-side: begin cancellation
    /**
     * Subscribes now; however the future completes (the chain's outcome, the caller's
     * {@code cancel}, {@code complete} or {@code orTimeout}, a close), the subscription is disposed
     * with it, and with it every call in flight. {@code toFuture()} would subscribe before the
     * checkout could be tracked for {@link #close()}, and cancels only on {@code cancel}: so the
     * future is made, tracked, and only then subscribed.
     */
    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        // Refused before its span is started: a request that causes no work is not traced either (C40).
        try {
            CheckoutRequest.requireValid(request);
        } catch (CheckoutException invalid) {
            return CompletableFuture.failedFuture(invalid);
        }
        if (running.isClosed()) {
            return CompletableFuture.failedFuture(RunningCheckouts.closedService());
        }
        CompletableFuture<Receipt> checkout = running.track(new CompletableFuture<>());
        if (checkout.isDone()) {
            return checkout; // a close() ran meanwhile and cancelled it: nothing may start
        }
        // The caller's context, read on the caller's thread: the one moment it is there to read.
        Span span = tracing.startCheckout(Context.current(), request.requestId());
        Context trace = Context.current().with(span);
        Disposable subscription = subscribe(withDeadline(request).contextWrite(subscriber -> ReactorTracing.with(subscriber, trace)),
                checkout);
        checkout.whenComplete((receipt, failure) -> {
            subscription.dispose();
            tracing.checkoutEnded(span, request.requestId(), failure);
        });
        return checkout;
    }

    /**
     * A close() between the check above and this subscription has cancelled the checkout already,
     * and may have stopped the event loops it is about to use: Netty then throws from inside the
     * subscription rather than signalling an error. The future takes whatever is thrown, so checkout
     * itself never throws (nobody sees a cancelled checkout's failure; anything else is a bug the
     * caller gets unchanged).
     */
    private static Disposable subscribe(Mono<Receipt> receipt, CompletableFuture<Receipt> checkout) {
        try {
            return receipt.subscribe(checkout::complete, checkout::completeExceptionally);
        } catch (RuntimeException closedMeanwhile) {
            checkout.completeExceptionally(closedMeanwhile);
            return Disposables.disposed();
        }
    }
    // side-by-side: end cancellation

    // side-by-side: begin deadline
    /**
     * The whole checkout: nothing runs until it is subscribed, and disposing the subscription stops it.
     * At the deadline, a checkout whose payment request the broker has acknowledged answers with the
     * pending receipt (charged later, once), any other with DeadlineExceededException.
     */
    Mono<Receipt> withDeadline(CheckoutRequest request) {
        return Mono.fromCallable(() -> CheckoutRequest.requireValid(request))
                .flatMap(valid -> admitted(Mono.defer(() -> {
                    AtomicReference<Receipt> answerAtDeadline = new AtomicReference<>(); // per subscription
                    return run(valid, answerAtDeadline)
                            .timeout(policy.deadline(), Mono.defer(() -> atDeadline(answerAtDeadline.get())), timer);
                })));
    }

    private Mono<Receipt> atDeadline(Receipt pending) {
        return pending != null ? Mono.just(pending) : Mono.error(new DeadlineExceededException(policy.deadline()));
    }
    // side-by-side: end deadline

    // side-by-side: begin admission
    /**
     * The checkout if the admission bulkhead has a place for it: the operator takes the place on
     * subscribe (in checkout(), on the caller's thread, so a refusal is already there when checkout
     * returns) and gives it back however the checkout ends, its cancellation included.
     */
    private Mono<Receipt> admitted(Mono<Receipt> checkout) {
        return checkout.transformDeferred(BulkheadOperator.of(protections.admission())).onErrorMap(protections::admissionRejection);
    }
    // side-by-side: end admission

    // side-by-side: begin workflow
    private Mono<Receipt> run(CheckoutRequest request, AtomicReference<Receipt> answerAtDeadline) {
        return fetchUser(request).flatMap(user ->
                fetchOrders(request, user).flatMap(orders -> orders.isEmpty()
                        ? Mono.just(Receipt.nothingToPay(request.requestId(), user))
                        : fetchDetails(request, orders).flatMap(details -> broker == null
                                ? pay(request, user, details).map(payment ->
                                        Receipt.paid(request.requestId(), user, orders, details, payment))
                                : payThroughBroker(request, user, orders, details, answerAtDeadline))));
    }
    // side-by-side: end workflow

    // side-by-side: begin fetch-user
    private Mono<User> fetchUser(CheckoutRequest request) {
        return inStep(Step.USER, withRetries(Step.USER, request, shop.user(request.requestId(), request.userId())));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private Mono<List<Order>> fetchOrders(CheckoutRequest request, User user) {
        return inStep(Step.ORDERS, withRetries(Step.ORDERS, request, shop.orders(request.requestId(), user.id())));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * At most detailsConcurrency calls at once, results in the orders' order whatever order they
     * complete in. flatMapSequential starts another order only once the earliest one still running
     * has answered (its result is next in line anyway), so a slow order can hold the window below the
     * limit for a while, never above it. The first failure cancels the calls still in flight and the
     * orders not yet started. (The benchmark can ask for a sliding window instead: see below.)
     */
    private Mono<List<OrderDetails>> fetchDetails(CheckoutRequest request, List<Order> orders) {
        Function<Order, Mono<OrderDetails>> detailsOf =
                order -> withRetries(Step.DETAILS, request, shop.details(request.requestId(), order.id()));
        Flux<OrderDetails> inOrdersOrder = switch (fanOut) {
            case FLAT_MAP_SEQUENTIAL -> Flux.fromIterable(orders).flatMapSequential(detailsOf, policy.detailsConcurrency());
            case SLIDING_WINDOW -> inSlidingWindow(orders, detailsOf);
        };
        return inStep(Step.DETAILS, inOrdersOrder
                .collectList()
                // Orders failing at the same instant on two event loops reach the operator together,
                // and Reactor reports them as one composite: the caller gets the first.
                .onErrorMap(Exceptions::isMultiple, failures -> Exceptions.unwrapMultiple(failures).get(0)));
    }
    // side-by-side: end fetch-details

    /**
     * The fan-out for the benchmark's level field, which compares styles at the same number of calls
     * in flight: flatMap starts the next order as soon as any call answers, so the window stays full
     * while orders remain; each answer carries its order's index, and sort puts them back in the
     * orders' order once all have answered. Fails as flatMapSequential does: the first failure
     * cancels the calls in flight, and no further order is requested.
     */
    private Flux<OrderDetails> inSlidingWindow(List<Order> orders, Function<Order, Mono<OrderDetails>> detailsOf) {
        return Flux.fromIterable(orders)
                .index()
                .flatMap(indexed -> detailsOf.apply(indexed.getT2()).map(details -> Tuples.of(indexed.getT1(), details)),
                        policy.detailsConcurrency())
                .sort(Comparator.comparing(Tuple2::getT1))
                .map(Tuple2::getT2);
    }

    // side-by-side: begin pay
    /**
     * Each attempt, once timed, goes through the circuit breaker and then the payment bulkhead, as
     * Resilience4j orders them (Retry around CircuitBreaker around Bulkhead): a rejection is no
     * CallFailure, so it is never retried, and reaches the caller as the family's rejection.
     */
    private Mono<Payment> pay(CheckoutRequest request, User user, List<OrderDetails> details) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        return inStep(Step.PAYMENT, withRetries(Step.PAYMENT, request, shop.pay(request.requestId(), payment),
                        attempt -> inPaymentPlace(attempt).transformDeferred(CircuitBreakerOperator.of(protections.circuitBreaker())))
                .onErrorMap(protections::paymentRejection));
    }

    /**
     * The attempt once it holds a place in the payment bulkhead, given back however it ends. Not
     * BulkheadOperator: with a wait, Resilience4j's bulkhead parks the subscribing thread (an event
     * loop here) in a Semaphore; {@link PaymentPlaces} waits on the timer instead, and cancelling the
     * attempt gives up its wait.
     */
    private <T> Mono<T> inPaymentPlace(Mono<T> attempt) {
        return Mono.usingWhen(Mono.fromFuture(paymentPlaces::take).thenReturn(paymentPlaces),
                place -> attempt, place -> Mono.fromRunnable(place::release));
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending as soon as the broker
     * acknowledged it; awaiting, the outcome decides. A publish is not retried (BROKER_UNAVAILABLE is
     * not transient: the producer has retried within callTimeout) and has its own timeout, so it does
     * not go through withRetries' per-call timeout.
     */
    private Mono<Receipt> payThroughBroker(CheckoutRequest request, User user, List<Order> orders, List<OrderDetails> details,
            AtomicReference<Receipt> answerAtDeadline) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(request.requestId(), user, orders, details, new PendingPayment(request.requestId(), payment));
        Mono<Receipt> acknowledged = broker.publish(PaymentRequestMessage.of(request.requestId(), payment))
                .thenReturn(pending)
                .onErrorMap(CallFailure.class, failure -> failure.toCheckoutException(Step.PAYMENT, request.userId(), 1));
        if (!broker.awaitsOutcome()) {
            return inStep(Step.PAYMENT, acknowledged);
        }
        // zip subscribes its sources in order: the wait for the outcome is registered before the
        // publish starts, so the outcome cannot come first; a failed publish cancels the wait.
        return inStep(Step.PAYMENT, Mono.zip(broker.outcomeOf(request.requestId()), acknowledged.doOnNext(answerAtDeadline::set))
                .map(outcomeAndPending -> outcomeAndPending.getT1())
                .flatMap(outcome -> outcome.result() == PaymentOutcome.Result.PAID
                        ? Mono.just(Receipt.paid(request.requestId(), user, orders, details, outcome.payment().orElseThrow()))
                        : Mono.error(CallFailure.of(outcome).toCheckoutException(Step.PAYMENT, request.userId(), 1))));
    }

    /**
     * The step's span for each subscription, a child of the trace context the subscriber carries; what
     * runs inside the step sees the step's context instead. Ended with the step's outcome, or as aborted
     * when the step is cancelled (the deadline, a failed sibling, the caller).
     */
    private <T> Mono<T> inStep(Step step, Mono<T> body) {
        return Mono.deferContextual(subscriber -> {
            Context checkout = ReactorTracing.current(subscriber);
            Span span = tracing.startStep(checkout, step);
            return body
                    .doOnSuccess(value -> CheckoutTracing.succeeded(span))
                    .doOnError(failure -> CheckoutTracing.failed(span, failure))
                    .doOnCancel(() -> CheckoutTracing.failed(span, new CancellationException("aborted")))
                    .contextWrite(inside -> ReactorTracing.with(inside, checkout.with(span)));
        });
    }

    // side-by-side: begin retries
    /** Transient failures retried with exponential backoff on the checkout's timer. */
    private static RetryBackoffSpec transientFailures(CheckoutPolicy policy, Scheduler timer) {
        // Reactor counts retries, the policy counts attempts.
        return Retry.backoff(policy.maxAttempts() - 1, policy.firstBackoff())
                // A production client keeps Reactor's default jitter (each wait +/-50%), so that
                // checkouts failing together do not retry in lockstep against a recovering shop. Off
                // here only because the contract times the waits: C6 wants at least
                // policy.backoffAfter(n) before attempt n+1, and RetryTimingTest exactly that.
                .jitter(0)
                .filter(failure -> failure instanceof CallFailure callFailure && callFailure.isTransient())
                .onRetryExhaustedThrow((spec, signal) -> signal.failure()) // the last CallFailure, mapped in withRetries
                .scheduler(timer);
    }

    /**
     * One call: each attempt cut off at callTimeout, retried while its failure is transient, and its
     * final failure mapped here, once, to what the caller sees.
     */
    private <T> Mono<T> withRetries(Step step, CheckoutRequest request, Mono<T> call) {
        return withRetries(step, request, call, UnaryOperator.identity());
    }

    /** The same, each timed attempt going through {@code protection} (the payment's breaker and bulkhead). */
    private <T> Mono<T> withRetries(Step step, CheckoutRequest request, Mono<T> call, UnaryOperator<Mono<T>> protection) {
        // deferContextual: the subscriber's Context holds the step's trace context, for the retry's log
        // line (the retry signal's own retryContextView is the Retry spec's, not the subscriber's).
        return Mono.deferContextual(subscriber -> {
            AtomicInteger attempts = new AtomicInteger(); // per subscription: each checkout counts its own
            return call
                    .doOnSubscribe(attempt -> attempts.incrementAndGet())
                    .transform(this::withCallTimeout)
                    .transform(protection)
                    .retryWhen(transientFailures.doBeforeRetry(retry -> tracing.retrying(ReactorTracing.current(subscriber),
                            request.requestId(), step, (int) retry.totalRetries() + 1, retry.failure(),
                            policy.backoffAfter((int) retry.totalRetries() + 1))))
                    .onErrorMap(CallFailure.class, failure -> failure.toCheckoutException(step, request.userId(), attempts.get()));
        });
    }
    // side-by-side: end retries

    // side-by-side: begin timeout
    /** One attempt cut off at callTimeout: the timeout cancels it, which aborts the exchange. */
    private <T> Mono<T> withCallTimeout(Mono<T> attempt) {
        return attempt
                .timeout(policy.callTimeout(), timer)
                .onErrorMap(TimeoutException.class, CallFailure::timeout);
    }
    // side-by-side: end timeout

    /**
     * Cancels the checkouts still running (aborting their calls), then releases the client's
     * connections and event loops and the timer. Idempotent.
     */
    @Override
    public void close() {
        if (!running.cancelAll()) {
            return;
        }
        resources.dispose();
    }
}
