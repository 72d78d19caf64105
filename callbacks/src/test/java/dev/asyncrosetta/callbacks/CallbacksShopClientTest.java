package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the workflow relies on Jetty for, checked against the shop's ledger: the request timeout and
 * an abort both end the exchange for real, a broken answer is reported once and not retried behind
 * the workflow's back, and every callback runs on the style's own named threads.
 */
class CallbacksShopClientTest {
    private static ShopBackend shop;

    private final ScheduledThreadPoolExecutor timer = CallbacksStyle.newTimer();
    private CallbacksShopClient client;

    @BeforeAll
    static void startShop() {
        shop = ShopBackend.start();
    }

    @AfterEach
    void closeClientAndResetShop() {
        CallTrace.listen(null);
        client.close();
        timer.shutdownNow();
        shop.reset();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void theRequestTimeoutAbortsTheExchange() throws InterruptedException {
        Duration callTimeout = Duration.ofMillis(300);
        client = new CallbacksShopClient(shop.baseUri(), callTimeout, timer);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        Recorded<User> user = new Recorded<>();
        client.user(requestId, shop.data().userWithOpenOrders(1, 6).id(), user);

        assertThat(user.failure()).isInstanceOfSatisfying(CallFailure.class,
                timeout -> assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT));
        assertThat(user.thread).as("Jetty expires request timeouts on the style's timer").startsWith("callbacks-timer-");
        assertThat(settled(requestId)).singleElement().satisfies(call -> {
            assertThat(call.ending()).as("the exchange was really aborted").isEqualTo(Ending.ABORTED_BY_CLIENT);
            assertThat(call.duration()).isGreaterThanOrEqualTo(callTimeout.minusMillis(100));
        });
    }

    @Test
    void anAbortEndsEveryExchangeAndIsNoCallFailure() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        List<String> orderIds = orderIds(3);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        List<Recorded<OrderDetails>> details = new ArrayList<>();
        List<Abortable> calls = new ArrayList<>();
        for (String orderId : orderIds) {
            Recorded<OrderDetails> answer = new Recorded<>();
            details.add(answer);
            calls.add(client.details(requestId, orderId, answer));
        }
        waitFor(() -> shop.ledger().calls(requestId).size() == orderIds.size());
        calls.forEach(Abortable::abort);

        for (Recorded<OrderDetails> call : details) {
            assertThat(call.failure()).as("an abort is the checkout's decision, not the shop's failure")
                    .isInstanceOf(CancellationException.class);
        }
        assertThat(settled(requestId)).hasSize(orderIds.size()).extracting(Call::ending).containsOnly(Ending.ABORTED_BY_CLIENT);
    }

    @Test
    void aConnectionResetMidAnswerIsOneConnectionFailureThatJettyDoesNotRetry() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        String requestId = newRequestId();
        shop.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempt(1));

        Recorded<User> user = new Recorded<>();
        client.user(requestId, shop.data().userWithOpenOrders(1, 6).id(), user);

        assertThat(user.failure()).isInstanceOfSatisfying(CallFailure.class,
                reset -> assertThat(reset.kind()).isEqualTo(Kind.CONNECTION));
        assertThat(settled(requestId)).as("retrying is the workflow's decision alone")
                .extracting(Call::ending).containsExactly(Ending.RESET_BY_SERVER);
    }

    @Test
    void answersAreHandledOnJettysNamedThreadsAndTraced() throws InterruptedException {
        client = new CallbacksShopClient(shop.baseUri(), Duration.ofSeconds(5), timer);
        List<CallTrace.Call> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(traced::add);
        User expected = shop.data().userWithOpenOrders(1, 6);
        String requestId = newRequestId();

        Recorded<User> user = new Recorded<>();
        client.user(requestId, expected.id(), user);

        assertThat(user.value()).isEqualTo(expected);
        assertThat(user.thread).startsWith("callbacks-jetty-");
        assertThat(traced).singleElement().satisfies(call -> {
            assertThat(call.requestId()).isEqualTo(requestId);
            assertThat(call.outcome()).isEqualTo("200");
            assertThat(call.answerThread()).startsWith("callbacks-jetty-");
        });
    }

    /** A callback the test can wait on: what it was told, and on which thread. */
    private static final class Recorded<T> implements Callback<T> {
        private final CountDownLatch reported = new CountDownLatch(1);
        private volatile T value;
        private volatile Throwable failure;
        private volatile String thread;

        @Override
        public void success(T value) {
            this.value = value;
            report();
        }

        @Override
        public void failure(Throwable failure) {
            this.failure = failure;
            report();
        }

        private void report() {
            thread = Thread.currentThread().getName();
            reported.countDown();
        }

        T value() throws InterruptedException {
            await();
            assertThat(failure).as("failure").isNull();
            return value;
        }

        Throwable failure() throws InterruptedException {
            await();
            assertThat(failure).as("failure").isNotNull();
            return failure;
        }

        private void await() throws InterruptedException {
            assertThat(reported.await(10, TimeUnit.SECONDS)).as("reported within 10 s").isTrue();
        }
    }

    private static List<Call> settled(String requestId) throws InterruptedException {
        waitFor(() -> shop.ledger().inFlight(requestId) == 0);
        return shop.ledger().calls(requestId);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<String> orderIds(int count) {
        return shop.data().users().stream()
                .flatMap(user -> shop.data().openOrders(user.id()).stream())
                .map(dev.asyncrosetta.model.Order::id)
                .limit(count)
                .toList();
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }
}
