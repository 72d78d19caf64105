package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.LineItem;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import io.opentelemetry.context.Context;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A shop in memory for the workflow's own tests: every call answers as the test scripted it, after
 * a delay on the test's {@link TestScheduler}, and every attempt is recorded: when it started in
 * virtual time, and how it ended (answered, failed, or disposed, which is the fake's "aborted").
 */
final class ScriptedShop implements RxJavaShopClient {
    static final User USER = new User("u-1", "Ada", "ada@example.com");

    /** How one attempt of a call goes. */
    interface Answer {
        Single<Object> play(TestScheduler scheduler, Object value);
    }

    /** The real value, after this many virtual milliseconds. */
    static Answer answerAfter(long millis) {
        return (scheduler, value) -> Single.timer(millis, MILLISECONDS, scheduler).map(tick -> value);
    }

    /** This failure, after this many virtual milliseconds. */
    static Answer failAfter(long millis, CallFailure failure) {
        return (scheduler, value) -> Single.timer(millis, MILLISECONDS, scheduler)
                .flatMap(tick -> Single.error(failure));
    }

    /** Runs the action as the attempt starts, then plays the answer: a moment to act mid-checkout. */
    static Answer doing(Runnable action, Answer answer) {
        return (scheduler, value) -> {
            action.run();
            return answer.play(scheduler, value);
        };
    }

    /** No answer, ever: only a timeout or a disposal ends the attempt. */
    static Answer hang() {
        return (scheduler, value) -> Single.never();
    }

    enum Ending { RUNNING, ANSWERED, FAILED, DISPOSED }

    /** One attempt of one call, as the fake saw it. */
    static final class Attempt {
        final String call;
        final long startedAt;
        Ending ending = Ending.RUNNING;
        long endedAt = -1; // virtual milliseconds, once it has ended

        Attempt(String call, long startedAt) {
            this.call = call;
            this.startedAt = startedAt;
        }

        boolean isDetail() {
            return call.startsWith("details:");
        }

        @Override
        public String toString() {
            return call + "@" + startedAt + ":" + ending;
        }
    }

    private final TestScheduler scheduler;
    private final List<Order> orders;
    private final Map<String, List<Answer>> scripts = new HashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<PaymentRequest> payments = new ArrayList<>();
    private int inFlightDetails;
    private int peakInFlightDetails;

    /** A shop whose user has this many open orders, o-1 ... o-n, every call answering at once. */
    ScriptedShop(TestScheduler scheduler, int orderCount) {
        this.scheduler = scheduler;
        this.orders = IntStream.rangeClosed(1, orderCount)
                .mapToObj(i -> new Order("o-" + i, USER.id(), Order.OPEN))
                .toList();
    }

    /**
     * Scripts a call ("user", "orders", "payment", or "details:o-3"): its first attempt plays the first
     * answer, the second attempt the second, and so on; the last answer plays for every later one.
     */
    ScriptedShop script(String call, Answer... answers) {
        scripts.put(call, List.of(answers));
        return this;
    }

    List<Order> orders() {
        return orders;
    }

    static OrderDetails detailsOf(String orderId) {
        int n = Integer.parseInt(orderId.substring(orderId.indexOf('-') + 1));
        return new OrderDetails(orderId, List.of(new LineItem("sku-" + n, 1, 100L * n)), 100L * n);
    }

    List<Attempt> attempts(String call) {
        return attempts.stream().filter(attempt -> attempt.call.equals(call)).toList();
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    List<PaymentRequest> payments() {
        return List.copyOf(payments);
    }

    int peakInFlightDetails() {
        return peakInFlightDetails;
    }

    @Override
    public Single<User> user(Context step, String requestId, String userId) {
        return call("user", USER);
    }

    @Override
    public Single<List<Order>> orders(Context step, String requestId, String userId) {
        return call("orders", orders);
    }

    @Override
    public Single<OrderDetails> details(Context step, String requestId, String orderId) {
        return call("details:" + orderId, detailsOf(orderId));
    }

    @Override
    public Single<Payment> pay(Context step, String requestId, PaymentRequest payment) {
        return Single.defer(() -> {
            payments.add(payment);
            return call("payment", new Payment("p-1", payment.userId(), payment.amountCents(), payment.orderIds(), Payment.CAPTURED));
        });
    }

    /** Cold, like the real client: each subscription is a new attempt, playing the next scripted answer. */
    @SuppressWarnings("unchecked")
    private <T> Single<T> call(String name, T value) {
        return Single.defer(() -> {
            Attempt attempt = new Attempt(name, scheduler.now(MILLISECONDS));
            attempts.add(attempt);
            List<Answer> script = scripts.getOrDefault(name, List.of(answerAfter(0)));
            Answer answer = script.get(Math.min(attempts(name).size() - 1, script.size() - 1));
            if (attempt.isDetail()) {
                peakInFlightDetails = Math.max(peakInFlightDetails, ++inFlightDetails);
            }
            return ((Single<T>) answer.play(scheduler, value))
                    .doOnSuccess(v -> end(attempt, Ending.ANSWERED))
                    .doOnError(e -> end(attempt, Ending.FAILED))
                    .doOnDispose(() -> end(attempt, Ending.DISPOSED));
        });
    }

    private void end(Attempt attempt, Ending ending) {
        if (attempt.ending == Ending.RUNNING) {
            attempt.ending = ending;
            attempt.endedAt = scheduler.now(MILLISECONDS);
            if (attempt.isDetail()) {
                inFlightDetails--;
            }
        }
    }
}
