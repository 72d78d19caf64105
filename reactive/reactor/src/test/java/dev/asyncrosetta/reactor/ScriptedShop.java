package dev.asyncrosetta.reactor;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.LineItem;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The port in memory, for the workflow's own tests: user {@code u-1} with a given number of open
 * orders, every call answering at once unless a test scripts a prelude for it (a delay, a hang, a
 * failure). Every attempt is recorded on the test's clock, usually virtual: when it started, when
 * and how it ended.
 */
final class ScriptedShop implements ReactorShopClient {
    static final String USER = "user";
    static final String ORDERS = "orders";
    static final String PAYMENT = "payment";

    enum Ending { ANSWERED, FAILED, CANCELLED }

    record Attempt(String call, int number, String requestId, long startMillis, long endMillis, Ending ending) {}

    private final List<Order> orders;
    private final Scheduler clock;
    private final Map<String, IntFunction<Mono<Void>>> preludes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attemptCounts = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<Attempt> ended = new CopyOnWriteArrayList<>();
    private final List<PaymentRequest> payments = new CopyOnWriteArrayList<>();
    private final AtomicInteger detailsInFlight = new AtomicInteger();
    private final AtomicInteger detailsPeak = new AtomicInteger();

    ScriptedShop(int openOrders, Scheduler clock) {
        this.orders = IntStream.rangeClosed(1, openOrders).mapToObj(i -> new Order("o-" + i, "u-1", Order.OPEN)).toList();
        this.clock = clock;
    }

    static String details(String orderId) {
        return "details:" + orderId;
    }

    /** What the call does before answering, given its attempt number (1-based); completing empty means "now answer". */
    ScriptedShop script(String call, IntFunction<Mono<Void>> prelude) {
        preludes.put(call, prelude);
        return this;
    }

    ScriptedShop scriptEveryDetail(IntFunction<Mono<Void>> prelude) {
        orders.forEach(order -> script(details(order.id()), prelude));
        return this;
    }

    IntFunction<Mono<Void>> after(Duration delay) {
        return attempt -> Mono.delay(delay, clock).then();
    }

    IntFunction<Mono<Void>> failingAfter(Duration delay, Supplier<CallFailure> failure) {
        return attempt -> Mono.delay(delay, clock).then(Mono.error(failure));
    }

    static IntFunction<Mono<Void>> hang() {
        return attempt -> Mono.never();
    }

    static IntFunction<Mono<Void>> failing(Supplier<CallFailure> failure) {
        return attempt -> Mono.error(failure);
    }

    /** A failure that is not the shop's: a bug in the client under the workflow. */
    static IntFunction<Mono<Void>> broken(Supplier<RuntimeException> bug) {
        return attempt -> Mono.error(bug);
    }

    static IntFunction<Mono<Void>> failingFirst(int attempts, Supplier<CallFailure> failure) {
        return attempt -> attempt <= attempts ? Mono.error(failure) : Mono.empty();
    }

    /** Attempt n fails with the nth failure; attempts after the last one answer. */
    @SafeVarargs
    static IntFunction<Mono<Void>> failingInTurn(Supplier<CallFailure>... failures) {
        return attempt -> attempt <= failures.length ? Mono.error(failures[attempt - 1]) : Mono.empty();
    }

    @Override
    public Mono<User> user(String requestId, String userId) {
        return call(USER, requestId, () -> new User(userId, "Ada", "ada@example.com"));
    }

    @Override
    public Mono<List<Order>> orders(String requestId, String userId) {
        return call(ORDERS, requestId, () -> orders);
    }

    @Override
    public Mono<OrderDetails> details(String requestId, String orderId) {
        return call(details(orderId), requestId, () -> detailsOf(orderId));
    }

    @Override
    public Mono<Payment> pay(String requestId, PaymentRequest payment) {
        return Mono.fromRunnable(() -> payments.add(payment))
                .then(call(PAYMENT, requestId, () ->
                        new Payment("p-1", payment.userId(), payment.amountCents(), payment.orderIds(), Payment.CAPTURED)));
    }

    /** Each order's total is 100 cents times its number, so a receipt's total says which details it holds. */
    static OrderDetails detailsOf(String orderId) {
        long cents = 100L * Integer.parseInt(orderId.substring(2));
        return new OrderDetails(orderId, List.of(new LineItem("sku-" + orderId, 1, cents)), cents);
    }

    private <T> Mono<T> call(String call, String requestId, Supplier<T> answer) {
        return Mono.defer(() -> {
            int number = attemptCounts.computeIfAbsent(call, name -> new AtomicInteger()).incrementAndGet();
            long start = now();
            started.add(call);
            boolean details = call.startsWith("details:");
            if (details) {
                detailsPeak.accumulateAndGet(detailsInFlight.incrementAndGet(), Math::max);
            }
            Runnable end = () -> {
                if (details) detailsInFlight.decrementAndGet();
            };
            return preludes.getOrDefault(call, attempt -> Mono.empty()).apply(number)
                    .then(Mono.fromSupplier(answer))
                    // Recorded before the workflow sees the outcome, so the next call always starts after.
                    .doOnSuccess(value -> record(end, new Attempt(call, number, requestId, start, now(), Ending.ANSWERED)))
                    .doOnError(failure -> record(end, new Attempt(call, number, requestId, start, now(), Ending.FAILED)))
                    .doOnCancel(() -> record(end, new Attempt(call, number, requestId, start, now(), Ending.CANCELLED)));
        });
    }

    private void record(Runnable end, Attempt attempt) {
        end.run();
        ended.add(attempt);
    }

    private long now() {
        return clock.now(MILLISECONDS);
    }

    List<Order> openOrders() {
        return orders;
    }

    /** The calls in the order they started, one entry per attempt. */
    List<String> started() {
        return List.copyOf(started);
    }

    /** The attempts of one call that have ended, in the order they ended. */
    List<Attempt> attempts(String call) {
        return ended.stream().filter(attempt -> attempt.call().equals(call)).toList();
    }

    List<Attempt> ended() {
        return List.copyOf(ended);
    }

    /** The body of every payment attempt. */
    List<PaymentRequest> payments() {
        return List.copyOf(payments);
    }

    int detailsPeakInFlight() {
        return detailsPeak.get();
    }
}
