package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.failure;
import static dev.asyncrosetta.contract.Outcomes.receipt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.AdmissionPolicy;
import dev.asyncrosetta.model.BulkheadPolicy;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CircuitBreakerPolicy;
import dev.asyncrosetta.model.CircuitOpenException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.OverloadedException;
import dev.asyncrosetta.model.PaymentBulkheadFullException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * R1-R6: what keeps a service alive when the payment service fails or stops answering. The witness is
 * the shop's ledger: a rejection must make no call, and the payment calls in flight across every
 * checkout of the service must stay within what the policy allows.
 */
public interface ResilienceScenarios {

    /**
     * One attempt per call, so that each checkout that reaches the payment is exactly one call the
     * breaker counts; a call timeout far past every scenario, so only the style ends a hanging call.
     */
    CheckoutPolicy R_BASE = ContractFixture.BASE.withMaxAttempts(1).withCallTimeout(Duration.ofSeconds(30)).withDeadline(Duration.ofSeconds(20));

    /** What a checkout of a user with nothing to pay may take while the payment hangs: its normal ~10 ms, with a busy machine's slack. */
    Duration NORMAL_LATENCY_BOUND = Duration.ofSeconds(1);

    ShopBackend shop();

    /** Opens the style under test against the shop; the fixture closes it after the test. */
    CheckoutService open(CheckoutPolicy policy);

    String newRequestId(String scenario);

    /** How many live threads the style may add under R3's load: a few dozen for an async style. */
    default int threadBound() {
        return CheckoutContract.ASYNC_THREAD_BOUND;
    }

    @Test
    @Order(1)
    @DisplayName("R1 circuit breaker")
    default void R1_circuitBreaker() {
        CircuitBreakerPolicy breaker = new CircuitBreakerPolicy(50, 4, 4, Duration.ofSeconds(1), 2);
        CheckoutService service = open(R_BASE.withCallTimeout(Duration.ofSeconds(5)).withCircuitBreaker(breaker));
        User user = shop().data().userWithOpenOrders(1, 6);

        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.status(503)));
        for (int i = 0; i < breaker.minimumCalls(); i++) {
            DownstreamException failed = failure(service.checkout(new CheckoutRequest(user.id(), newRequestId("r1-fail"))), DownstreamException.class);
            assertThat(failed.kind()).as("the payment's own failure, while the circuit is closed").isEqualTo(DownstreamException.Kind.HTTP_ERROR);
        }
        String whileOpen = newRequestId("r1-open");
        failure(service.checkout(new CheckoutRequest(user.id(), whileOpen)), CircuitOpenException.class);
        assertThat(Traffic.to(Traffic.settled(shop().ledger(), whileOpen), Route.PAYMENT)).as("payment calls made while the circuit is open").isEmpty();
        receipt(service.checkout(new CheckoutRequest(shop().data().userWithoutOpenOrders().id(), newRequestId("r1-nothing-to-pay"))));

        // The open time is the policy's own clock: there is no event to wait for before it has passed.
        Waits.quietPeriod(breaker.openFor().plusMillis(200));
        shop().clearFaults();
        // The probes are answered late, so that every later checkout reaches the payment while they are in flight.
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.delay(Duration.ofSeconds(2))));
        List<CompletableFuture<Receipt>> probes = new ArrayList<>();
        for (int i = 0; i < breaker.probeCalls(); i++) {
            probes.add(service.checkout(new CheckoutRequest(user.id(), newRequestId("r1-probe"))));
        }
        Waits.until(Duration.ofSeconds(10), () -> paymentsInFlight() == breaker.probeCalls(),
                () -> "payment calls in flight, waiting for the probes: " + paymentsInFlight());
        // Offered at once, so that all three reach the payment well within the probes' 2 s.
        Map<String, CompletableFuture<Receipt>> beyondTheProbes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            String requestId = newRequestId("r1-half-open");
            beyondTheProbes.put(requestId, service.checkout(new CheckoutRequest(user.id(), requestId)));
        }
        beyondTheProbes.values().forEach(checkout -> failure(checkout, CircuitOpenException.class));
        probes.forEach(Outcomes::receipt);
        for (String requestId : beyondTheProbes.keySet()) {
            assertThat(Traffic.to(Traffic.settled(shop().ledger(), requestId), Route.PAYMENT))
                    .as("payment calls beyond the %d probes", breaker.probeCalls()).isEmpty();
        }

        // A closed circuit limits nothing: more checkouts than there are probes, offered at once and answered late
        // (the probes' 2 s delay still holds) so that they are all in flight together, all pay. One after another
        // would not tell a closed circuit from one still half-open that was never told its probes succeeded: each
        // would find a probe permission given back.
        List<CompletableFuture<Receipt>> closed = new ArrayList<>();
        for (int i = 0; i < breaker.probeCalls() + 2; i++) {
            closed.add(service.checkout(new CheckoutRequest(user.id(), newRequestId("r1-closed"))));
        }
        closed.forEach(checkout -> assertPaid(checkout, "one of " + closed.size() + " offered at once after the probes succeeded and closed the circuit: paid"));
    }

    /** R2's three ways to treat a payment that finds every place taken. */
    enum BulkheadCase {
        /** maxWait 0, the payment route hangs, 50 checkouts: K hang, the rest are rejected at once. */
        REJECTING,
        /** A wait far longer than the queue takes, the payment answers after 300 ms: every checkout waits its turn and pays. */
        WAITING,
        /**
         * As REJECTING with a wait of 200 µs, which the policy allows: the wait ends as any other does, in
         * PaymentBulkheadFullException, however the style's timer counts (Vert.x's refuses a delay under 1 ms).
         */
        REJECTING_AFTER_A_WAIT_UNDER_A_MILLISECOND
    }

    @ParameterizedTest(name = "R2 bulkhead, {0}")
    @EnumSource(BulkheadCase.class)
    @Order(2)
    @DisplayName("R2 bulkhead")
    default void R2_bulkhead(BulkheadCase bulkheadCase) {
        boolean rejecting = bulkheadCase != BulkheadCase.WAITING;
        BulkheadPolicy bulkhead = switch (bulkheadCase) {
            case REJECTING -> BulkheadPolicy.rejecting(3);
            // A wait far longer than the queue takes: a waiter that got its place must cancel its timer, or
            // the timer still holds it when the fixture closes the service and checks no thread is left.
            case WAITING -> new BulkheadPolicy(2, Duration.ofSeconds(30));
            case REJECTING_AFTER_A_WAIT_UNDER_A_MILLISECOND -> new BulkheadPolicy(3, Duration.ofNanos(200_000));
        };
        int checkouts = rejecting ? 50 : 8;
        shop().addFault(FaultRule.on(Route.PAYMENT, rejecting ? Fault.hang() : Fault.delay(Duration.ofMillis(300))));
        CheckoutService service = open(R_BASE.withBulkhead(bulkhead));

        Map<String, CompletableFuture<Receipt>> offered = offerPayingCheckouts(service, "r2", checkouts);

        if (rejecting) {
            // Every checkout has either ended or hangs in its payment call.
            Waits.until(Duration.ofSeconds(20), () -> ended(offered) + paymentsInFlight() == checkouts,
                    () -> "checkouts ended: " + ended(offered) + "; payment calls in flight: " + paymentsInFlight() + "; offered: " + checkouts);
            offered.forEach((requestId, checkout) -> {
                if (checkout.isDone()) {
                    failure(checkout, PaymentBulkheadFullException.class);
                    assertThat(Traffic.to(shop().ledger().calls(requestId), Route.PAYMENT)).as("payment calls of a rejected checkout").isEmpty();
                }
            });
        } else {
            offered.values().forEach(Outcomes::receipt);
        }
        assertThat(shop().ledger().peakInFlight(Route.PAYMENT)).as("peak of payment calls in flight across every checkout")
                .isEqualTo(bulkhead.maxConcurrentPayments());
    }

    @Test
    @Order(3)
    @DisplayName("R3 admission control")
    default void R3_admissionControl() {
        AdmissionPolicy admission = new AdmissionPolicy(4);
        int offeredCount = 10 * admission.maxCheckoutsInFlight();
        // The admitted checkouts stay in flight (their payments answer late) while the rest are offered.
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.delay(Duration.ofSeconds(2))));
        CheckoutService service = open(R_BASE.withAdmission(admission));
        Map<Long, String> threadsBefore = LiveThreads.now();

        Map<String, CompletableFuture<Receipt>> offered = offerPayingCheckouts(service, "r3", offeredCount);
        Map<String, Long> endedAt = new java.util.concurrent.ConcurrentHashMap<>();
        offered.forEach((requestId, checkout) -> checkout.whenComplete((receipt, failure) -> endedAt.put(requestId, System.nanoTime())));
        Waits.until(Duration.ofSeconds(10), () -> paymentsInFlight() == admission.maxCheckoutsInFlight(),
                () -> "payment calls in flight, waiting for the admitted checkouts: " + paymentsInFlight());
        Map<Long, String> startedUnderLoad = LiveThreads.startedSince(threadsBefore);

        List<String> admitted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        offered.forEach((requestId, checkout) -> {
            if (succeeds(checkout)) {
                admitted.add(requestId);
            } else {
                failure(checkout, OverloadedException.class);
                refused.add(requestId);
            }
        });
        assertThat(admitted).as("checkouts admitted").hasSize(admission.maxCheckoutsInFlight());
        long firstReceipt = admitted.stream().mapToLong(endedAt::get).min().orElseThrow();
        assertThat(refused).as("refused checkouts: at once, before any admitted one ended, and without a call")
                .allSatisfy(requestId -> {
                    assertThat(endedAt.get(requestId)).isLessThan(firstReceipt);
                    assertThat(shop().ledger().calls(requestId)).isEmpty();
                });
        assertThat(startedUnderLoad).as("threads started while %d checkouts were offered", offeredCount).hasSizeLessThanOrEqualTo(threadBound());

        // Every place comes back, however its checkout ended: after the four that paid, four whose payment
        // fails are admitted, and after those four more.
        shop().clearFaults();
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.status(503)));
        allAdmittedOnceThePlacesAreBack(service, "r3-failing", admission, "after %d checkouts that paid")
                .values().forEach(checkout -> failure(checkout, DownstreamException.class));
        shop().clearFaults();
        allAdmittedOnceThePlacesAreBack(service, "r3-after", admission, "after %d checkouts whose payment failed")
                .values().forEach(checkout -> assertPaid(checkout, "admitted after checkouts whose payment failed: paid"));
    }

    /**
     * As many paying checkouts as admission allows, offered at once, every one admitted: the places of
     * the checkouts that ended before came back. A style may give a place back a moment after its
     * checkout ended, so a round with a refusal is offered again, once it has ended, until 5 s have
     * passed; the last round is returned, ended.
     */
    private Map<String, CompletableFuture<Receipt>> allAdmittedOnceThePlacesAreBack(CheckoutService service, String scenario,
            AdmissionPolicy admission, String after) {
        List<Map<String, CompletableFuture<Receipt>>> rounds = new ArrayList<>();
        Waits.until(Duration.ofSeconds(5), () -> {
            Map<String, CompletableFuture<Receipt>> round = offerPayingCheckouts(service, scenario, admission.maxCheckoutsInFlight());
            rounds.add(round);
            round.values().forEach(ResilienceScenarios::succeeds);
            return round.values().stream().noneMatch(ResilienceScenarios::refusedAsOverloaded);
        }, () -> "every admission place came back " + after.formatted(admission.maxCheckoutsInFlight()) + ": "
                + rounds.size() + " rounds of " + admission.maxCheckoutsInFlight() + " offered at once, the last with "
                + rounds.get(rounds.size() - 1).values().stream().filter(ResilienceScenarios::refusedAsOverloaded).count() + " refused as overloaded");
        return rounds.get(rounds.size() - 1);
    }

    @Test
    @Order(4)
    @DisplayName("R4 isolation")
    default void R4_isolation() {
        // Payments wait for a place longer than the scenario lasts: every checkout that reaches the payment stays in flight.
        BulkheadPolicy bulkhead = new BulkheadPolicy(4, Duration.ofSeconds(30));
        CheckoutService service = open(R_BASE.withBulkhead(bulkhead));
        User nothingToPay = shop().data().userWithoutOpenOrders();
        receipt(service.checkout(new CheckoutRequest(nothingToPay.id(), newRequestId("r4-before"))));
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.hang()));

        Map<String, CompletableFuture<Receipt>> paying = offerPayingCheckouts(service, "r4-paying", 50);
        // Every place taken by a hanging payment, and nothing else in flight: the other paying checkouts wait for a place.
        Waits.until(Duration.ofSeconds(20), () -> paymentsInFlight() == bulkhead.maxConcurrentPayments() && otherCallsInFlight() == 0,
                () -> "payment calls in flight: " + paymentsInFlight() + "; other calls in flight: " + otherCallsInFlight());

        for (int i = 0; i < 5; i++) {
            String requestId = newRequestId("r4-nothing-to-pay");
            long start = System.nanoTime();
            CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(nothingToPay.id(), requestId));
            assertThat(completesWithin(checkout, NORMAL_LATENCY_BOUND))
                    .as("a checkout with nothing to pay, while %d payments hang and %d wait: done within %d ms",
                            bulkhead.maxConcurrentPayments(), paying.size() - bulkhead.maxConcurrentPayments(), NORMAL_LATENCY_BOUND.toMillis())
                    .isTrue();
            assertThat(receipt(checkout).payment()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NORMAL_LATENCY_BOUND);
        }
        assertThat(paying.values()).as("the paying checkouts still wait or hang").noneMatch(CompletableFuture::isDone);
    }

    /**
     * How a payment attempt ended before R5 offers the next one: on its own with a failure, or stopped
     * by its checkout's caller while it hung.
     */
    enum PaymentEnd {
        ANSWERED_503, TIMED_OUT, STOPPED_BY_ITS_CALLER
    }

    @ParameterizedTest(name = "R5 permissions given back, payment {0}")
    @EnumSource(PaymentEnd.class)
    @Order(5)
    @DisplayName("R5 permissions given back")
    default void R5_everyPermissionIsGivenBack(PaymentEnd end) {
        // One place, and a wait for it far past a place given back late but short of the scenario's bound:
        // a place kept by the ended payment makes the next one fail, however late the style gives it back.
        BulkheadPolicy bulkhead = new BulkheadPolicy(1, Duration.ofSeconds(3));
        CheckoutService service = open(R_BASE.withCallTimeout(Duration.ofSeconds(1)).withBulkhead(bulkhead));
        User user = shop().data().userWithOpenOrders(1, 6);

        String ended = newRequestId("r5-" + end.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        shop().addFault(FaultRule.on(Route.PAYMENT, end == PaymentEnd.ANSWERED_503 ? Fault.status(503) : Fault.hang()).forRequest(ended));
        CompletableFuture<Receipt> first = service.checkout(new CheckoutRequest(user.id(), ended));
        if (end == PaymentEnd.STOPPED_BY_ITS_CALLER) {
            Waits.until(Duration.ofSeconds(10), () -> !shop().ledger().calls(ended, Route.PAYMENT).isEmpty(), () -> "the hanging payment call never came");
            first.cancel(true);
        } else {
            DownstreamException failed = failure(first, DownstreamException.class);
            assertThat(failed.kind()).as("how the payment failed").isEqualTo(end == PaymentEnd.ANSWERED_503
                    ? DownstreamException.Kind.HTTP_ERROR : DownstreamException.Kind.TIMEOUT);
        }
        Traffic.settled(shop().ledger(), ended);

        assertPaid(service.checkout(new CheckoutRequest(user.id(), newRequestId("r5-after"))),
                "paid after a payment that " + end + ": its bulkhead place was given back");
    }

    @Test
    @Order(6)
    @DisplayName("R6 probe permissions given back")
    default void R6_aProbeThatDidNotCallGivesBackItsPermission() {
        // Two probes, and one bulkhead place with a short wait. A probe that ends without an outcome the breaker counts (stopped
        // by its caller, or refused a place when the style asks the breaker first) must give its permission back: one kept
        // leaves a single probe, and the next checkout is refused as if the circuit were open.
        CircuitBreakerPolicy breaker = new CircuitBreakerPolicy(50, 2, 2, Duration.ofSeconds(1), 2);
        CheckoutService service = open(R_BASE.withCallTimeout(Duration.ofSeconds(5)).withCircuitBreaker(breaker)
                .withBulkhead(new BulkheadPolicy(1, Duration.ofMillis(500))));
        User user = shop().data().userWithOpenOrders(1, 6);
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.status(503)));
        for (int i = 0; i < breaker.minimumCalls(); i++) {
            failure(service.checkout(new CheckoutRequest(user.id(), newRequestId("r6-fail"))), DownstreamException.class);
        }
        failure(service.checkout(new CheckoutRequest(user.id(), newRequestId("r6-open"))), CircuitOpenException.class);
        Waits.quietPeriod(breaker.openFor().plusMillis(200));
        shop().clearFaults();

        // The first probe takes the only bulkhead place and hangs; the next two find the place taken.
        String hanging = newRequestId("r6-hanging-probe");
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.hang()).forRequest(hanging));
        CompletableFuture<Receipt> hangingProbe = service.checkout(new CheckoutRequest(user.id(), hanging));
        Waits.until(Duration.ofSeconds(10), () -> !shop().ledger().calls(hanging, Route.PAYMENT).isEmpty(), () -> "the hanging probe's payment call never came");
        for (int i = 0; i < 2; i++) {
            failure(service.checkout(new CheckoutRequest(user.id(), newRequestId("r6-no-place"))), PaymentBulkheadFullException.class);
        }
        hangingProbe.cancel(true);
        Traffic.settled(shop().ledger(), hanging);

        for (int i = 0; i < breaker.probeCalls(); i++) {
            assertPaid(service.checkout(new CheckoutRequest(user.id(), newRequestId("r6-probe"))),
                    "probe " + (i + 1) + " after a probe stopped by its caller and two that found no place: paid");
        }
    }

    /** Checkouts of distinct paying users (1 to 6 open orders), offered at once; request id to future. */
    private Map<String, CompletableFuture<Receipt>> offerPayingCheckouts(CheckoutService service, String scenario, int count) {
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 6);
        Map<String, CompletableFuture<Receipt>> offered = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String requestId = newRequestId(scenario);
            offered.put(requestId, service.checkout(new CheckoutRequest(users.get(i % users.size()).id(), requestId)));
        }
        return offered;
    }

    /** The checkout paid; if not, the failure says which promise broke, with what the checkout failed with. */
    private static void assertPaid(CompletableFuture<Receipt> checkout, String promise) {
        assertThat(checkout).as(promise).succeedsWithin(Duration.ofSeconds(Outcomes.WAIT_SECONDS))
                .matches(receipt -> receipt.payment().isPresent(), "a receipt with a payment");
    }

    private static long ended(Map<String, CompletableFuture<Receipt>> offered) {
        return offered.values().stream().filter(CompletableFuture::isDone).count();
    }

    private long paymentsInFlight() {
        return shop().ledger().calls().stream().filter(call -> call.route() == Route.PAYMENT && !call.ended()).count();
    }

    private long otherCallsInFlight() {
        return shop().ledger().calls().stream().filter(call -> call.route() != Route.PAYMENT && !call.ended()).count();
    }

    private static boolean succeeds(CompletableFuture<Receipt> checkout) {
        try {
            checkout.get(Outcomes.WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | java.util.concurrent.CancellationException failed) {
            return false;
        } catch (TimeoutException e) {
            throw new AssertionError("the checkout did not complete within " + Outcomes.WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    private static boolean refusedAsOverloaded(CompletableFuture<Receipt> checkout) {
        return checkout.handle((receipt, failure) -> failure instanceof java.util.concurrent.CompletionException wrapped ? wrapped.getCause() : failure)
                .join() instanceof OverloadedException;
    }

    private static boolean completesWithin(CompletableFuture<?> checkout, Duration bound) {
        try {
            checkout.handle((value, failure) -> null).get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException late) {
            return false;
        } catch (ExecutionException never) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
