package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * C17-C20: what the style does to the JVM it runs in: blocking, threads, connections, and what
 * becomes of the work still in flight when it is closed.
 */
public interface RuntimeScenarios extends WorkflowScenarios, FanOutScenarios, RetryScenarios, AbortScenarios {
    int LOAD_CHECKOUTS = 2_000;

    @Test
    @Order(17)
    @DisplayName("C17 no blocking on non-blocking threads")
    default void C17_noBlocking() {
        assumeFalse(blocksByDesign(), "not applicable: this style blocks by design, and declares no non-blocking thread");
        BlockingCalls.watch(nonBlockingThreads());

        // The happy path and the fan-out, then the paths that run on the style's timers and abort
        // handlers: retries with backoff, per-call timeouts, the deadline, the caller's cancel.
        C1_happyPath();
        shop().ledger().clear();
        C10_boundedFanOut();
        shop().ledger().clear();
        C6_transientReadFailure();
        shop().ledger().clear();
        C8_perCallTimeout();
        shop().ledger().clear();
        C9_deadline();
        shop().ledger().clear();
        C14_callerCancellation();

        assertThat(BlockingCalls.seen()).as("blocking calls on non-blocking threads").isEmpty();
    }

    @Test
    @Order(18)
    @DisplayName("C18 load")
    default void C18_load() throws Exception {
        shop().latency(Duration.ofMillis(20));
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(60));
        // Users with one or two open orders: thousands of checkouts in flight, not thousands of connections each.
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 2);
        List<String> requestIds = IntStream.range(0, LOAD_CHECKOUTS).mapToObj(i -> newRequestId("c18")).toList();
        LoadRun load = LoadRun.of(() -> open(policy), users, requestIds);

        load.assertNoneFailed();
        Map<String, Long> chargesPerRequest = shop().ledger().charges().stream()
                .collect(Collectors.groupingBy(Charge::requestId, Collectors.counting()));
        assertThat(chargesPerRequest).as("exactly one charge per checkout")
                .containsOnlyKeys(requestIds)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        Map<String, String> userOf = IntStream.range(0, LOAD_CHECKOUTS).boxed()
                .collect(Collectors.toMap(requestIds::get, i -> users.get(i % users.size()).id()));
        assertThat(shop().ledger().charges()).as("each charge for its user's open orders, at their total").allSatisfy(charge -> {
            String userId = userOf.get(charge.requestId());
            assertThat(charge.payment().userId()).isEqualTo(userId);
            assertThat(charge.payment().orderIds()).containsExactlyElementsOf(
                    shop().data().openOrders(userId).stream().map(dev.asyncrosetta.model.Order::id).toList());
            assertThat(charge.payment().amountCents()).isEqualTo(shop().data().totalFor(userId));
        });
        assertThat(load.extraThreads()).as("live threads the style added under load").isLessThanOrEqualTo(threadBound());
    }

    @Test
    @Order(19)
    @DisplayName("C19 clean close")
    default void C19_cleanClose() {
        Map<Long, String> before = LiveThreads.now();
        CheckoutService service = open(BASE);
        User user = shop().data().userWithOpenOrders(3, 6);
        receipt(service.checkout(new CheckoutRequest(user.id(), newRequestId("c19"))));

        service.close();

        assertNothingLeftSince(before);
    }

    /**
     * No thread started since the snapshot is alive (virtual threads included) and the shop has no
     * open connection. On JDK 17 the wait runs the collector ({@link Waits#collectUnclosableClientsOnJdk17});
     * on 21+ close() must end them itself.
     */
    default void assertNothingLeftSince(Map<Long, String> before) {
        Waits.until(Duration.ofSeconds(10), () -> {
            Waits.collectUnclosableClientsOnJdk17();
            return LiveThreads.startedSince(before).isEmpty() && shop().openConnections() == 0;
        }, () -> "threads still alive: " + LiveThreads.startedSince(before).values() + ", connections open: " + shop().openConnections());
    }

    @Test
    @Order(20)
    @DisplayName("C20 close with checkouts in flight")
    default void C20_closeWithCheckoutsInFlight() {
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(5, 6);
        List<String> requestIds = IntStream.range(0, 8).mapToObj(i -> newRequestId("c20")).toList();
        requestIds.forEach(id -> shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(id)));
        Ledger ledger = shop().ledger();
        CheckoutService service = open(policy);
        List<CompletableFuture<Receipt>> checkouts = requestIds.stream()
                .map(id -> service.checkout(new CheckoutRequest(user.id(), id))).toList();
        Waits.until(Duration.ofSeconds(10), () -> requestIds.stream()
                        .allMatch(id -> to(ledger.calls(id), Route.DETAILS).size() == policy.detailsConcurrency()),
                () -> "details in flight before the close: " + ledger.calls().size() + " calls");

        // The calls hang for good and their timeouts are far off: only close() can end them.
        long closing = System.nanoTime();
        AtomicLong decided = new AtomicLong(closing);
        service.close();
        Duration closed = Duration.ofNanos(System.nanoTime() - closing);

        assertThat(closed).as("close() aborts what is in flight rather than waiting for it").isLessThan(Duration.ofSeconds(5));
        Waits.until(Duration.ofSeconds(5), () -> checkouts.stream().allMatch(CompletableFuture::isDone),
                () -> checkouts.stream().filter(checkout -> !checkout.isDone()).count() + " checkouts still running after close()");
        assertThat(checkouts).as("the checkouts in flight").allSatisfy(checkout ->
                assertThat(Outcomes.cause(checkout)).as("how the caller learns the service closed")
                        .isInstanceOf(CancellationException.class));
        for (String requestId : requestIds) {
            List<Call> calls = Traffic.settled(ledger, requestId);
            Decisions.assertAbortedPromptly(to(calls, Route.DETAILS), decided, "details aborted by the close");
            assertThat(to(calls, Route.PAYMENT)).isEmpty();
        }
        Waits.until(Duration.ofSeconds(10), () -> shop().openConnections() == 0,
                () -> "connections open after close: " + shop().openConnections());

        String late = newRequestId("c20-late");
        assertThat(Outcomes.cause(service.checkout(new CheckoutRequest(user.id(), late))))
                .as("a checkout asked of a closed service: the closed-service error, not a cancellation (which is one too)")
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(CancellationException.class);
        assertThat(ledger.calls(late)).as("calls for a checkout asked of a closed service").isEmpty();
    }
}
