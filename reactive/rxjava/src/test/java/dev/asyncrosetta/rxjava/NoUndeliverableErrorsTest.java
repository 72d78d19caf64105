package dev.asyncrosetta.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Traffic;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.rxjava.RxJavaCheckout.DetailsFanOut;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After a cancel, a timeout or a failed sibling, the errors the aborts cause must end where they
 * start: nothing may reach RxJavaPlugins.onError. Over real HTTP, with the handler of
 * {@link UndeliverableErrors} recording, and each test also checking once the shop's ledger shows
 * every aborted exchange ended, which is when a late echo would have arrived.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(UndeliverableErrors.class)
class NoUndeliverableErrorsTest {
    private static final CheckoutPolicy POLICY =
            new CheckoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(50), 4);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private ShopBackend shop;
    private RxJavaCheckout service;

    /** The style's own; SlidingWindowNoUndeliverableErrorsTest runs the same tests on the benchmark's. */
    DetailsFanOut fanOut() {
        return DetailsFanOut.CONCAT_MAP_EAGER;
    }

    /**
     * With a checkout to warm up: the first one in a cold JVM can take seconds on a loaded machine,
     * and these tests give deadlines and timeouts that are about aborts, not about start-up.
     */
    @BeforeAll
    void startShop() throws Exception {
        shop = ShopBackend.start();
        try (RxJavaCheckout warmUp = RxJavaCheckout.open(shop.baseUri(), POLICY.withDeadline(Duration.ofSeconds(60)), fanOut(), RxJavaCheckout.untraced())) {
            warmUp.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(1, 6).id(), "warm-up-" + run))
                    .get(60, TimeUnit.SECONDS);
        }
        shop.reset();
    }

    @AfterEach
    void closeService() {
        if (service != null) {
            service.close();
        }
        shop.reset();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    private RxJavaCheckout open(CheckoutPolicy policy) {
        service = RxJavaCheckout.open(shop.baseUri(), policy, fanOut(), RxJavaCheckout.untraced());
        return service;
    }

    @Test
    void aCancelledCheckout() {
        User user = shop.data().userWithOpenOrders(5, 6);
        String requestId = "cancel-" + run;
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        CompletableFuture<Receipt> checkout = open(POLICY).checkout(new CheckoutRequest(user.id(), requestId));
        Waits.until(Duration.ofSeconds(10), () -> shop.ledger().calls(requestId, Route.DETAILS).size() == 4,
                () -> "details in flight: " + shop.ledger().calls(requestId));
        checkout.cancel(true);

        assertAbortedWithNothingUndeliverable(requestId);
    }

    @Test
    void aCheckoutWhoseCallsTimeOut() throws Exception {
        String requestId = "timeout-" + run;
        shop.addFault(FaultRule.on(Route.USER, Fault.hang()).forRequest(requestId));

        Throwable failure = failureOf(open(POLICY.withCallTimeout(Duration.ofMillis(200)))
                .checkout(new CheckoutRequest(shop.data().userWithOpenOrders(1, 6).id(), requestId)));

        assertThat(failure).isInstanceOf(DownstreamException.class);
        assertAbortedWithNothingUndeliverable(requestId);
    }

    @Test
    void aCheckoutPastItsDeadline() throws Exception {
        User user = shop.data().userWithOpenOrders(3, 6);
        String requestId = "deadline-" + run;
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

        Throwable failure = failureOf(open(POLICY.withDeadline(Duration.ofMillis(1500)))
                .checkout(new CheckoutRequest(user.id(), requestId)));

        assertThat(failure).isInstanceOf(DeadlineExceededException.class);
        assertAbortedWithNothingUndeliverable(requestId);
    }

    /**
     * Every detail answers a bad body at once, so the first failure disposes siblings that are
     * failing too. On a pool this is where errors slip out (and where concatMapEager may pass on a
     * CompositeException); on the service's one thread, every time, one failure and nothing else.
     */
    @Test
    void detailsFailingTogether() throws Exception {
        User user = shop.data().userWithOpenOrders(4, 6);
        RxJavaCheckout checkout = open(POLICY);
        for (int i = 0; i < 30; i++) {
            String requestId = "together-" + run + "-" + i;
            shop.addFault(FaultRule.parse("details#" + requestId + "=malformed"));

            Throwable failure = failureOf(checkout.checkout(new CheckoutRequest(user.id(), requestId)));

            assertThat(failure).isInstanceOfSatisfying(DownstreamException.class,
                    downstream -> assertThat(downstream.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
            Traffic.settled(shop.ledger(), requestId);
        }
        assertThat(UndeliverableErrors.take()).isEmpty();
    }

    /** Once every call has ended: the ones not answered were aborted, and nothing went astray. */
    private void assertAbortedWithNothingUndeliverable(String requestId) {
        List<Call> calls = Traffic.settled(shop.ledger(), requestId);
        assertThat(calls).filteredOn(call -> call.ending() != Ending.ANSWERED).isNotEmpty()
                .allSatisfy(call -> assertThat(call.ending()).isEqualTo(Ending.ABORTED_BY_CLIENT));
        assertThat(UndeliverableErrors.take()).as("errors that reached RxJavaPlugins.onError").isEmpty();
    }

    private static Throwable failureOf(CompletableFuture<Receipt> checkout) throws Exception {
        try {
            Receipt receipt = checkout.get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + receipt);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
