/*
 * What correctness cost in this style, counted. Nested callbacks give none of it for free:
 *   2 guards    Once on the checkout's outcome (last step, failing detail, deadline and cancel race
 *               for it), and Once on every call's report, dropped too once the outcome is decided
 *   2 counters  in the details fan-out: the next order to start, and the orders still to finish
 *   2 timers    the deadline, and the backoff before each retry (the per-call timeout is Jetty's own;
 *               paying through the broker, a third times the acknowledgement)
 *   2 sets      of everything a checkout has in flight, aborted the moment its outcome is decided,
 *               and of the checkouts in flight, cancelled by close()
 *   1 try/catch around every callback entering the workflow, or a thrown exception dies in a Jetty
 *               thread and the checkout waits forever
 *   and the failure forwarded by hand at every level of the pyramid (the trailing done::failed).
 * Paying through the broker adds one shared slot (the pending receipt the deadline answers with, set
 * on a Jetty thread and read on the timer) and a hop onto Jetty's threads for every report from Kafka's.
 * The resilience policy adds a flag so the admission place is given back once, and per payment attempt
 * three more (ProtectedPayment): the breaker's permission, the bulkhead's place and the abort, each settled once.
 */
package dev.asyncrosetta.callbacks;

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
import dev.asyncrosetta.resilience.Protections;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.eclipse.jetty.util.Promise;

/**
 * The checkout as nested callbacks: each step calls the next from inside its success callback. The
 * callback is Jetty's own {@link Promise}, the type its asynchronous APIs report a result to
 * ({@code HttpClient.newConnection}, its address resolver): {@code succeeded(value)} or
 * {@code failed(failure)}.
 */
public final class CallbacksCheckout implements CheckoutService {
    private final CheckoutPolicy policy;
    private final ShopCalls shop;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<InFlight> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BrokerPaymentStep broker; // null: the checkout pays over HTTP
    private final Protections protections;
    private final ProtectedPayment protectedPayment;
    private final CheckoutTracing tracing;

    /**
     * @param timer runs backoffs, deadlines and Jetty's request timeouts ({@link CallbacksStyle#newTimer});
     *     owned by this service, which shuts it down on close
     */
    CallbacksCheckout(URI shopBaseUri, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer, CheckoutTracing tracing) {
        this(new CallbacksShopClient(shopBaseUri, policy.callTimeout(), timer, tracing), policy, timer, tracing);
    }

    /** Untraced: a test's way in. */
    CallbacksCheckout(URI shopBaseUri, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer) {
        this(shopBaseUri, policy, timer, untraced());
    }

    static CheckoutTracing untraced() {
        return new CheckoutTracing("callbacks", OpenTelemetry.noop());
    }

    /**
     * Paying through the broker: Kafka's {@code send(record, Callback)} from a publishing thread of its
     * own, its reports hopping onto Jetty's threads as the HTTP answers arrive (see BrokerPublisher).
     */
    CallbacksCheckout(URI shopBaseUri, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer, BrokerPayments payments,
            CheckoutTracing tracing) {
        this(new CallbacksShopClient(shopBaseUri, policy.callTimeout(), timer, tracing), policy, timer, payments, tracing);
    }

    private CallbacksCheckout(CallbacksShopClient shop, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer, BrokerPayments payments,
            CheckoutTracing tracing) {
        this.tracing = tracing;
        this.shop = shop;
        this.policy = policy;
        this.timer = timer;
        this.protections = Protections.of(policy);
        this.protectedPayment = protectedPayment(protections, timer);
        try {
            this.broker = new BrokerPaymentStep(payments, policy.callTimeout(), timer, shop.callbackThreads());
        } catch (RuntimeException e) {
            shop.close(); // a producer or consumer the configuration refuses: leave no Jetty thread behind
            throw e;
        }
    }

    /**
     * The shop in place of its address, so that a test can answer the calls by hand.
     *
     * @param shop the four calls, closed with this service
     */
    CallbacksCheckout(ShopCalls shop, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer) {
        this(shop, policy, timer, untraced());
    }

    /** The shop in place of its address, traced: a test's way in. */
    CallbacksCheckout(ShopCalls shop, CheckoutPolicy policy, ScheduledThreadPoolExecutor timer, CheckoutTracing tracing) {
        this.tracing = tracing;
        this.shop = shop;
        this.policy = policy;
        this.timer = timer;
        this.broker = null;
        this.protections = Protections.of(policy);
        this.protectedPayment = protectedPayment(protections, timer);
    }

    /** The payment bulkhead waits on the style's one timer thread: no thread is held while a payment waits for a place. */
    private static ProtectedPayment protectedPayment(Protections protections, ScheduledThreadPoolExecutor timer) {
        return new ProtectedPayment(protections, protections.paymentPlaces((delay, task) -> {
            ScheduledFuture<?> scheduled = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> scheduled.cancel(false);
        }));
    }

    // side-by-side: begin cancellation
    /**
     * Only the adapter to {@link CheckoutService}: the workflow is the callback method below. However
     * the future completes, the checkout is over: the caller's cancel, complete, completeExceptionally
     * or orTimeout reach the callbacks' abort path, and the checkout's own outcome finds it decided.
     * Jetty's {@link Promise.Completable} is the bridge: a CompletableFuture that is also the Promise
     * the callback method reports to.
     */
    @Override
    public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
        Promise.Completable<Receipt> receipt = new Promise.Completable<>();
        Abortable checkout = checkout(request, receipt);
        receipt.whenComplete((value, failure) -> checkout.abort());
        return receipt;
    }
    // side-by-side: end cancellation

    // side-by-side: begin deadline
    /**
     * The checkout in this style's own idiom. {@code done} hears exactly once: the Receipt, a
     * {@link CheckoutException}, a CancellationException once the returned handle is aborted, or
     * whatever a step threw. Aborting also aborts every call and timer the checkout has in flight.
     */
    public Abortable checkout(CheckoutRequest request, Promise<Receipt> done) {
        try {
            CheckoutRequest.requireValid(request);
        } catch (CheckoutException invalid) {
            done.failed(invalid);
            return () -> {};
        }
        if (closed.get()) {
            done.failed(RunningCheckouts.closedService());
            return () -> {};
        }
        // The caller's trace context, read on the caller's thread: the one moment it is there to read.
        Span span = tracing.startCheckout(Context.current(), request.requestId());
        return checkout(request, Context.current().with(span), Promise.from(receipt -> {
            tracing.checkoutEnded(span, request.requestId(), null);
            done.succeeded(receipt);
        }, failure -> {
            tracing.checkoutEnded(span, request.requestId(), failure);
            done.failed(failure);
        }));
    }

    private Abortable checkout(CheckoutRequest request, Context trace, Promise<Receipt> done) {
        // side-by-side: begin admission
        // The admission bulkhead's place, taken before anything starts, given back once when the outcome is decided.
        if (!protections.admission().tryAcquirePermission()) {
            done.failed(protections.overloaded());
            return () -> {};
        }
        AtomicBoolean admitted = new AtomicBoolean(true);
        InFlight inFlight = new InFlight(timer, done);
        inFlight.whenDecided(() -> {
            if (admitted.compareAndSet(true, false)) {
                protections.admission().onComplete();
            }
        });
        // side-by-side: end admission
        running.add(inFlight);
        inFlight.whenDecided(() -> running.remove(inFlight));
        if (closed.get()) {
            // close() began after the check above and may have missed it among the running: the same
            // track-then-recheck as RunningCheckouts, before it starts anything on a stopping client.
            inFlight.outcome().failed(RunningCheckouts.closedService());
            return () -> {};
        }
        // Set once the broker acknowledged the payment request of a checkout that awaits its outcome:
        // the deadline then answers with it (the payment is pending, not failed).
        AtomicReference<Receipt> answerAtDeadline = new AtomicReference<>();
        inFlight.guarded(() -> {
            inFlight.decideAfter(policy.deadline(), answerAtDeadline, () -> new DeadlineExceededException(policy.deadline()));
            run(request, inFlight, trace, answerAtDeadline, inFlight.outcome());
        });
        return () -> inFlight.cancel("checkout cancelled by the caller");
    }
    // side-by-side: end deadline

    // side-by-side: begin workflow
    private void run(CheckoutRequest request, InFlight inFlight, Context trace, AtomicReference<Receipt> answerAtDeadline,
            Promise<Receipt> done) {
        fetchUser(request, inFlight, trace, Promise.from(user ->
                fetchOrders(request, inFlight, trace, user, Promise.from(orders -> {
                    if (orders.isEmpty()) {
                        done.succeeded(Receipt.nothingToPay(request.requestId(), user));
                        return;
                    }
                    fetchDetails(request, inFlight, trace, orders, Promise.from(details -> {
                        if (broker != null) {
                            inStep(Step.PAYMENT, trace, inFlight, done,
                                    (step, paid) -> payThroughBroker(request, inFlight, step, user, orders, details, answerAtDeadline, paid));
                            return;
                        }
                        pay(request, inFlight, trace, user, details, Promise.from(payment ->
                                done.succeeded(Receipt.paid(request.requestId(), user, orders, details, payment)),
                        done::failed));
                    }, done::failed));
                }, done::failed)),
        done::failed));
    }
    // side-by-side: end workflow

    // side-by-side: begin fetch-user
    private void fetchUser(CheckoutRequest request, InFlight inFlight, Context trace, Promise<User> done) {
        inStep(Step.USER, trace, inFlight, done, (step, fetched) ->
                withRetries(Step.USER, step, request, inFlight, call -> shop.user(request.requestId(), request.userId(), step, call), fetched));
    }
    // side-by-side: end fetch-user

    // side-by-side: begin fetch-orders
    private void fetchOrders(CheckoutRequest request, InFlight inFlight, Context trace, User user, Promise<List<Order>> done) {
        inStep(Step.ORDERS, trace, inFlight, done, (step, fetched) ->
                withRetries(Step.ORDERS, step, request, inFlight, call -> shop.orders(request.requestId(), user.id(), step, call), fetched));
    }
    // side-by-side: end fetch-orders

    // side-by-side: begin fetch-details
    /**
     * At most detailsConcurrency calls at once: each call that succeeds starts the next order. Results
     * land in their order's slot, so the list keeps the orders' order whatever order they finish in.
     * Success is reported once, by whoever finishes the last order; the first failure goes straight up
     * and decides the checkout, which aborts the calls still in flight and stops new ones starting.
     */
    private void fetchDetails(CheckoutRequest request, InFlight inFlight, Context trace, List<Order> orders,
            Promise<List<OrderDetails>> done) {
        inStep(Step.DETAILS, trace, inFlight, done, (step, fetched) -> detailsInWindow(request, inFlight, step, orders, fetched));
    }

    private void detailsInWindow(CheckoutRequest request, InFlight inFlight, Context step, List<Order> orders,
            Promise<List<OrderDetails>> done) {
        OrderDetails[] slots = new OrderDetails[orders.size()];
        AtomicInteger nextOrder = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(orders.size());
        Runnable fetchNext = new Runnable() {
            @Override
            public void run() {
                int index = nextOrder.getAndIncrement();
                if (index >= orders.size()) return;
                String orderId = orders.get(index).id();
                withRetries(Step.DETAILS, step, request, inFlight, call -> shop.details(request.requestId(), orderId, step, call),
                        Promise.from((OrderDetails details) -> {
                            slots[index] = details;
                            if (remaining.decrementAndGet() == 0) {
                                done.succeeded(Arrays.asList(slots));
                            } else {
                                run();
                            }
                        }, done::failed));
            }
        };
        for (int i = 0; i < Math.min(policy.detailsConcurrency(), orders.size()); i++) {
            fetchNext.run();
        }
    }
    // side-by-side: end fetch-details

    // side-by-side: begin pay
    /**
     * Each attempt goes through the circuit breaker and then the payment bulkhead (ProtectedPayment):
     * a rejection is no CallFailure, so withRetries passes it up unretried, already the family's.
     */
    private void pay(CheckoutRequest request, InFlight inFlight, Context trace, User user, List<OrderDetails> details,
            Promise<Payment> done) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        inStep(Step.PAYMENT, trace, inFlight, done, (step, paid) -> withRetries(Step.PAYMENT, step, request, inFlight,
                protectedPayment.attempt(call -> shop.pay(request.requestId(), payment, step, call)), paid));
    }
    // side-by-side: end pay

    /**
     * Publishes the payment request; carrying on, the receipt says it is pending as soon as the broker
     * acknowledged it; awaiting, the outcome decides. The wait for the outcome starts before the
     * publish, so the outcome cannot come first. Publish failures go through the same retry and
     * failure rule as an HTTP call: BROKER_UNAVAILABLE is not transient (the producer has retried).
     */
    private void payThroughBroker(CheckoutRequest request, InFlight inFlight, Context step, User user, List<Order> orders,
            List<OrderDetails> details, AtomicReference<Receipt> answerAtDeadline, Promise<Receipt> done) {
        PaymentRequest payment = PaymentRequest.forDetails(user, details);
        Receipt pending = Receipt.pending(request.requestId(), user, orders, details, new PendingPayment(request.requestId(), payment));
        PaymentRequestMessage message = PaymentRequestMessage.of(request.requestId(), payment);
        if (!broker.awaitsOutcome()) {
            withRetries(Step.PAYMENT, step, request, inFlight, call -> broker.publish(message, call),
                    Promise.from((Void acknowledged) -> done.succeeded(pending), done::failed));
            return;
        }
        inFlight.start(waiting -> broker.outcomeOf(request.requestId(), waiting), Promise.from((PaymentOutcome outcome) -> {
            if (outcome.result() == PaymentOutcome.Result.PAID) {
                done.succeeded(Receipt.paid(request.requestId(), user, orders, details, outcome.payment().orElseThrow()));
            } else {
                done.failed(CallFailure.of(outcome).toCheckoutException(Step.PAYMENT, request.userId(), 1));
            }
        }, done::failed));
        withRetries(Step.PAYMENT, step, request, inFlight, call -> broker.publish(message, call),
                Promise.from((Void acknowledged) -> answerAtDeadline.set(pending), done::failed));
    }

    /**
     * The step's span, a child of the checkout's: {@code body} gets the step's trace context, to hand
     * to its calls, and a callback that ends the span before reporting to {@code done}. A checkout
     * decided while the step runs (cancelled, past its deadline, closed) drops the step's outcome, so
     * the span ends then instead, as aborted; whichever comes first ends it.
     */
    private <T> void inStep(Step step, Context checkout, InFlight inFlight, Promise<T> done, BiConsumer<Context, Promise<T>> body) {
        Span span = tracing.startStep(checkout, step);
        Once<Void> ended = new Once<>(Promise.from(ignored -> CheckoutTracing.succeeded(span), failure -> CheckoutTracing.failed(span, failure)));
        inFlight.whenDecided(() -> ended.failed(new CancellationException("aborted")));
        body.accept(checkout.with(span), Promise.from(value -> {
            ended.succeeded(null);
            done.succeeded(value);
        }, failure -> {
            ended.failed(failure);
            done.failed(failure);
        }));
    }

    // side-by-side: begin retries
    /** One call, retried while its failure is transient, with the backoff doubling between attempts. */
    private <T> void withRetries(Step step, Context trace, CheckoutRequest request, InFlight inFlight,
            Function<Promise<T>, Abortable> call, Promise<T> done) {
        attempt(1, step, trace, request, inFlight, call, done);
    }

    private <T> void attempt(int attempt, Step step, Context trace, CheckoutRequest request, InFlight inFlight,
            Function<Promise<T>, Abortable> call, Promise<T> done) {
        inFlight.start(call, Promise.from(done::succeeded, failure -> {
            if (!(failure instanceof CallFailure callFailure)) {
                done.failed(failure); // not the shop's answer (an abort, or a bug): passed through untouched
            } else if (callFailure.isTransient() && attempt < policy.maxAttempts()) {
                tracing.retrying(trace, request.requestId(), step, attempt, callFailure, policy.backoffAfter(attempt));
                inFlight.after(policy.backoffAfter(attempt), () -> attempt(attempt + 1, step, trace, request, inFlight, call, done));
            } else {
                done.failed(callFailure.toCheckoutException(step, request.userId(), attempt));
            }
        }));
    }
    // side-by-side: end retries

    /** Cancels the checkouts still running (aborting their calls), then releases the client and the timer. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running.forEach(checkout -> checkout.cancel("the checkout service was closed"));
        try {
            shop.close();
            if (broker != null && Thread.currentThread().getName().startsWith("callbacks-")) {
                broker.closeWithoutWaiting(); // a checkout's callback, on a thread that must not block (C17)
            } else if (broker != null) {
                broker.close(); // flushes what was handed to the producer, then closes both Kafka clients
            }
        } finally {
            // On the timer's own thread (close() from a deadline's callback, C25) shutdownNow has just
            // interrupted this thread too, so the wait below ends at once instead of waiting for itself.
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
