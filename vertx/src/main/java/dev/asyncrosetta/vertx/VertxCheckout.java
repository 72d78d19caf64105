package dev.asyncrosetta.vertx;

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
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checkout as Vert.x future composition: each step a future, chained with compose, and every
 * continuation of one checkout on that checkout's event-loop context.
 *
 * <p>Two contexts meet here. Vert.x's {@link Context} says where the checkout's code runs; OpenTelemetry's
 * ({@code io.opentelemetry.context.Context}, written out in full) says which trace it belongs to. They
 * are not the same thing: checkouts started on one event loop share its Vert.x context, so the trace
 * context cannot live there; it is handed along as a value, from the checkout to each step and from
 * each step to its calls.
 */
public final class VertxCheckout implements CheckoutService {
    private final VertxShopClient shop;
    private final CheckoutPolicy policy;
    private final Vertx vertx;
    private final RunningCheckouts running = new RunningCheckouts();
    private final BrokerPaymentStep broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final PaymentPlaces paymentPlaces;
    private final CheckoutTracing tracing;

    /** Over HTTP, with Vert.x core's client. Takes ownership of the Vert.x instance: {@link #close()} closes it. */
    VertxCheckout(URI shopBaseUri, CheckoutPolicy policy, Vertx vertx, CheckoutTracing tracing) {
        this(new VertxHttpShopClient(shopBaseUri, policy.callTimeout(), vertx, tracing), policy, vertx, null, tracing);
    }

    /** Paying through the broker with vertx-kafka-client's producer (see BrokerPublisher); takes ownership of the Vert.x instance. */
    VertxCheckout(URI shopBaseUri, CheckoutPolicy policy, Vertx vertx, BrokerPayments payments, CheckoutTracing tracing) {
        this(new VertxHttpShopClient(shopBaseUri, policy.callTimeout(), vertx, tracing), policy, vertx,
                new BrokerPaymentStep(vertx, payments, policy.callTimeout()), tracing);
    }

    /** Against any client (tests record or script its calls); takes ownership of the Vert.x instance. */
    VertxCheckout(VertxShopClient shop, CheckoutPolicy policy, Vertx vertx) {
        this(shop, policy, vertx, null, untraced());
    }

    private VertxCheckout(VertxShopClient shop, CheckoutPolicy policy, Vertx vertx, BrokerPaymentStep broker, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.shop = shop;
        this.policy = policy;
        this.vertx = vertx;
        this.broker = broker;
        this.protections = Protections.of(policy);
        // A wait for a payment place is a Vert.x timer on the waiting checkout's context: no thread waits.
        this.paymentPlaces = protections.paymentPlaces((delay, task) -> {
            long timer = vertx.setTimer(Math.max(1, delay.toMillis()), fired -> task.run());
            return () -> vertx.cancelTimer(timer);
        });
    }

    /** Untraced: a test's way in. */
    static CheckoutTracing untraced() {
        return new CheckoutTracing("vertx", OpenTelemetry.noop());
    }

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
        // side-by-side: begin admission
        // The admission bulkhead's place, taken before anything starts, given back however the checkout ends.
        if (!protections.admission().tryAcquirePermission()) {
            return CompletableFuture.failedFuture(protections.overloaded());
        }
        CompletableFuture<Receipt> caller = running.track(new CompletableFuture<>());
        caller.whenComplete((receipt, failure) -> protections.admission().onComplete());
        // side-by-side: end admission
        if (caller.isDone()) {
            return caller; // close() began since the check above and cancelled it: nothing starts
        }
        // The caller's trace context, read on the caller's thread: the one moment it is there to read.
        Span span = tracing.startCheckout(io.opentelemetry.context.Context.current(), request.requestId());
        caller.whenComplete((receipt, failure) -> tracing.checkoutEnded(span, request.requestId(), failure));
        startOnContext(request, io.opentelemetry.context.Context.current().with(span), caller);
        return caller;
    }

    // side-by-side: begin threads
    /**
     * Called from one of this instance's event loops, the checkout joins the caller's context, as
     * Vert.x code expects; from any other thread it gets a fresh event-loop context of its own.
     * Everything of the checkout then runs on that context, and its outcome is decided there only.
     */
    private void startOnContext(CheckoutRequest request, io.opentelemetry.context.Context trace, CompletableFuture<Receipt> caller) {
        Context context = vertx.getOrCreateContext();
        Promise<Receipt> outcome = Promise.promise();
        abortWhenCompleted(caller, context, outcome);
        try {
            context.runOnContext(start -> withDeadline(request, trace, outcome).onComplete(caller::complete, caller::completeExceptionally));
        } catch (RejectedExecutionException closed) {
            // The event loops are gone: close() ran to its end meanwhile (and cancelled the caller's
            // future), or someone closed the Vert.x instance under the service.
            caller.completeExceptionally(RunningCheckouts.closedService());
        }
    }
    // side-by-side: end threads

    // side-by-side: begin cancellation
    /**
     * The edge to the shared interface, and the only place a CompletableFuture appears. The caller
     * can complete its future itself at any time, on its own thread (cancel, complete, orTimeout);
     * that decides the checkout as surely as its own outcome does. So however the future completes,
     * the decision hops onto the checkout's context, where everything it has to stop lives; when
     * the outcome completed it, the outcome is already decided and the hop changes nothing.
     */
    private static void abortWhenCompleted(CompletableFuture<Receipt> caller, Context context, Promise<Receipt> outcome) {
        caller.whenComplete((receipt, failure) -> context.runOnContext(decided -> outcome.tryFail(
                failure != null ? failure : new CancellationException("the caller completed the checkout's future"))));
    }
    // side-by-side: end cancellation

    // side-by-side: begin deadline
    /**
     * On the checkout's context: runs the workflow against its deadline, a Vert.x timer that
     * {@code inFlight} cancels with everything else once the outcome is decided.
     */
    private Future<Receipt> withDeadline(CheckoutRequest request, io.opentelemetry.context.Context trace, Promise<Receipt> outcome) {
        InFlight inFlight = new InFlight(vertx);
        // Set once the broker acknowledged the payment request of a checkout that awaits its outcome:
        // the deadline then answers with it (the payment is pending, not failed). Only this context
        // touches it, like everything of the checkout: a plain holder, no atomics.
        Receipt[] answerAtDeadline = new Receipt[1];
        Timer deadline = vertx.timer(policy.deadline().toMillis(), TimeUnit.MILLISECONDS);
        inFlight.track(deadline, deadline::cancel);
        deadline.onSuccess(expired -> {
            if (answerAtDeadline[0] != null) {
                outcome.tryComplete(answerAtDeadline[0]);
            } else {
                outcome.tryFail(new DeadlineExceededException(policy.deadline()));
            }
        });
        run(request, inFlight, trace, answerAtDeadline).onComplete(outcome::tryComplete, outcome::tryFail);
        return stopAllOnceDecided(outcome.future(), inFlight);
    }
    // side-by-side: end deadline

    // side-by-side: begin cancellation
    /**
     * However the outcome is decided (receipt, failure, deadline or the caller's cancel), whatever
     * still runs is stopped before the outcome is passed on.
     */
    private static Future<Receipt> stopAllOnceDecided(Future<Receipt> outcome, InFlight inFlight) {
        return outcome.andThen(decided -> inFlight.abort());
    }
    // side-by-side: end cancellation

    // side-by-side: begin workflow
    private Future<Receipt> run(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context trace, Receipt[] answerAtDeadline) {
        return fetchUser(request, inFlight, trace).compose(user ->
                fetchOrders(request, inFlight, trace, user).compose(orders -> orders.isEmpty()
                        ? Future.succeededFuture(Receipt.nothingToPay(request.requestId(), user))
                        : fetchDetails(request, inFlight, trace, orders).compose(details -> broker == null
                                ? pay(request, inFlight, trace, user, details).map(payment ->
                                        Receipt.paid(request.requestId(), user, orders, details, payment))
                                : inStep(Step.PAYMENT, trace,
                                        step -> payThroughBroker(request, inFlight, step, user, orders, details, answerAtDeadline)))));
    }
    // side-by-side: end workflow

    // side-by-side: begin fetch-user
    private Future<User> fetchUser(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context trace) {
        return inStep(Step.USER, trace, step ->
                withRetries(Step.USER, step, request, inFlight, () -> shop.user(request.requestId(), request.userId(), inFlight, step)));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private Future<List<Order>> fetchOrders(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context trace, User user) {
        return inStep(Step.ORDERS, trace, step ->
                withRetries(Step.ORDERS, step, request, inFlight, () -> shop.orders(request.requestId(), user.id(), inFlight, step)));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * detailsConcurrency lanes, each taking the next order once its previous one answered: never more
     * calls in flight than lanes. Results land in their order's slot, so the list keeps the orders'
     * order whatever order they finish in. The first lane to fail fails the list at once; the
     * checkout then aborts the others. All lanes run on the checkout's context, so they share the
     * cursor and the slots without any synchronization.
     */
    private Future<List<OrderDetails>> fetchDetails(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context trace, List<Order> orders) {
        return inStep(Step.DETAILS, trace, step -> {
            OrderDetails[] slots = new OrderDetails[orders.size()];
            ListIterator<Order> cursor = orders.listIterator();
            List<Future<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < Math.min(policy.detailsConcurrency(), orders.size()); lane++) {
                lanes.add(detailsLane(request, inFlight, step, cursor, slots));
            }
            return Future.all(lanes).map(allDone -> List.of(slots));
        });
    }

    /** One lane: fetches the next order's details, then the next one's, until the cursor is at the end. */
    private Future<Void> detailsLane(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context step, ListIterator<Order> cursor,
            OrderDetails[] slots) {
        if (!cursor.hasNext()) return Future.succeededFuture();
        int index = cursor.nextIndex();
        String orderId = cursor.next().id();
        return withRetries(Step.DETAILS, step, request, inFlight, () -> shop.details(request.requestId(), orderId, inFlight, step))
                .compose(details -> {
                    slots[index] = details;
                    return detailsLane(request, inFlight, step, cursor, slots);
                });
    }
    // side-by-side: end fetch-details

    // side-by-side: begin pay
    /**
     * Each attempt goes through the circuit breaker and then the payment bulkhead, Resilience4j's
     * order: a rejection is no CallFailure, so it is never retried, and reaches the caller as the
     * family's rejection.
     */
    private Future<Payment> pay(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context trace, User user, List<OrderDetails> details) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        return inStep(Step.PAYMENT, trace, step -> withRetries(Step.PAYMENT, step, request, inFlight,
                        () -> protectedAttempt(inFlight, () -> shop.pay(request.requestId(), payment, inFlight, step)))
                .recover(failure -> Future.failedFuture(protections.paymentRejection(failure))));
    }

    /**
     * The attempt with Resilience4j's permission API, as Resilience4j has no decorator for a Vert.x
     * future: the breaker's permission, then a place in the payment bulkhead, the place given back
     * when the call ends and the breaker told how it ended (an abort or a rejection is not counted:
     * Protections' recordException ignores it and releases the permission). The place is waited for
     * without blocking the event loop ({@link PaymentPlaces}; Resilience4j's own wait parks the
     * caller in a Semaphore), and the wait's end comes back onto this checkout's context, whichever
     * event loop gave the place back; aborting the checkout gives up the wait.
     */
    private <T> Future<T> protectedAttempt(InFlight inFlight, Supplier<Future<T>> call) {
        CircuitBreaker breaker = protections.circuitBreaker();
        if (!breaker.tryAcquirePermission()) {
            return Future.failedFuture(protections.circuitOpen());
        }
        long start = breaker.getCurrentTimestamp();
        CompletableFuture<Void> place = paymentPlaces.take();
        return inFlight.track(Future.fromCompletionStage(place, vertx.getOrCreateContext()), () -> place.cancel(false))
                .compose(taken -> inFlight.start(call).andThen(ended -> paymentPlaces.release()))
                .andThen(ended -> {
                    long took = breaker.getCurrentTimestamp() - start;
                    if (ended.succeeded()) {
                        breaker.onSuccess(took, breaker.getTimestampUnit());
                    } else {
                        breaker.onError(took, breaker.getTimestampUnit(), ended.cause());
                    }
                });
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending as soon as the broker
     * acknowledged it; awaiting, the outcome decides. The wait for the outcome starts before the
     * publish, so the outcome cannot come first. Publish failures go through the same retry and
     * failure rule as an HTTP call: BROKER_UNAVAILABLE is not transient (the producer has retried).
     * All of it on the checkout's context, where the publisher and the listener complete its futures.
     */
    private Future<Receipt> payThroughBroker(CheckoutRequest request, InFlight inFlight, io.opentelemetry.context.Context step,
            User user, List<Order> orders, List<OrderDetails> details, Receipt[] answerAtDeadline) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(request.requestId(), user, orders, details, new PendingPayment(request.requestId(), payment));
        PaymentRequestMessage message = PaymentRequestMessage.of(request.requestId(), payment);
        if (!broker.awaitsOutcome()) {
            return withRetries(Step.PAYMENT, step, request, inFlight, () -> broker.publish(message, inFlight)).map(acknowledged -> pending);
        }
        Future<PaymentOutcome> outcome = inFlight.start(() -> broker.outcomeOf(request.requestId(), inFlight));
        return withRetries(Step.PAYMENT, step, request, inFlight, () -> broker.publish(message, inFlight))
                .compose(acknowledged -> {
                    answerAtDeadline[0] = pending;
                    return outcome;
                })
                .compose(paid -> paid.result() == PaymentOutcome.Result.PAID
                        ? Future.succeededFuture(Receipt.paid(request.requestId(), user, orders, details, paid.payment().orElseThrow()))
                        : Future.failedFuture(CallFailure.of(paid).toCheckoutException(Step.PAYMENT, request.userId(), 1)));
    }

    /**
     * The step's span, a child of the checkout's, whose trace context the step's calls are given;
     * ended, on the checkout's context, when the step's future is.
     */
    private <T> Future<T> inStep(Step step, io.opentelemetry.context.Context checkout, Function<io.opentelemetry.context.Context, Future<T>> body) {
        Span span = tracing.startStep(checkout, step);
        return body.apply(checkout.with(span)).andThen(ended -> {
            if (ended.succeeded()) CheckoutTracing.succeeded(span);
            else CheckoutTracing.failed(span, ended.cause());
        });
    }

    // side-by-side: begin retries
    /** One call, retried while its failure is transient, waiting on a Vert.x timer between attempts. */
    private <T> Future<T> withRetries(Step step, io.opentelemetry.context.Context trace, CheckoutRequest request, InFlight inFlight, Supplier<Future<T>> call) {
        return attempt(1, step, trace, request, inFlight, call);
    }

    private <T> Future<T> attempt(int attempt, Step step, io.opentelemetry.context.Context trace, CheckoutRequest request, InFlight inFlight,
            Supplier<Future<T>> call) {
        return inFlight.start(call).recover(failure -> {
            if (!(failure instanceof CallFailure callFailure)) {
                return Future.failedFuture(failure); // aborted: the outcome is already decided
            }
            if (callFailure.isTransient() && attempt < policy.maxAttempts()) {
                tracing.retrying(trace, request.requestId(), step, attempt, callFailure, policy.backoffAfter(attempt));
                return inFlight.delay(policy.backoffAfter(attempt))
                        .compose(waited -> attempt(attempt + 1, step, trace, request, inFlight, call));
            }
            return Future.failedFuture(callFailure.toCheckoutException(step, request.userId(), attempt));
        });
    }
    // side-by-side: end retries

    /**
     * Cancels the checkouts still running, which aborts their calls on their contexts. A broker
     * service then flushes and closes its producer (on a worker) and wakes its outcome listener up to
     * end, before the instance closes: the producer's close needs a running instance. Then closing
     * the instance closes the HTTP client made on it with its connections, then its event loops;
     * waiting for that is what lets the caller see no thread and no connection left. A closed
     * instance answers the same close future again, so closing twice is harmless.
     *
     * <p>Called on a Vert.x thread, typically in a callback of a checkout's own future, which runs on
     * that checkout's event loop, it cannot wait: the close ends that very thread, which would be
     * waiting for itself (Vert.x refuses to wait on an event loop, and says so). It starts the close
     * and returns; the close completes once the callback has returned.
     */
    @Override
    public void close() {
        boolean first = running.cancelAll();
        // The broker's clients first, while the event loops still run: the producer flushes on a worker
        // and answers on a context. Then the instance.
        Future<Void> brokerClosed = first && broker != null ? broker.close() : Future.succeededFuture();
        Future<Void> closed = brokerClosed.transform(flushed -> vertx.close());
        if (Context.isOnVertxThread()) {
            return;
        }
        try {
            closed.await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Vert.x did not close within 30 s", e);
        }
        if (broker != null) { // not on a Vert.x thread, so it may wait
            broker.awaitEnd(); // the outcome listener's thread, woken by broker.close()
        }
    }
}
