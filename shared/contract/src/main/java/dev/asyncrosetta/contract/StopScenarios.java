package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.receipt;
import static dev.asyncrosetta.contract.Traffic.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * C22-C25, C33, C34: once a checkout's outcome is decided, by whoever decides it, no work of it goes on:
 * not a queued call, not a retry, not a second payment; and closing the service, from any thread at
 * any moment, leaves nothing behind.
 */
public interface StopScenarios extends RuntimeScenarios {
    /** More checkouts hanging than any style's connection pool (500) or request threads (200) can hold. */
    int POOL_FILLERS = 520;
    /** How long close() may take, even called from a checkout's own callback. */
    Duration CLOSE_GRACE = Duration.ofSeconds(5);

    @Test
    @Order(22)
    @DisplayName("C22 a queued call of a stopped checkout is never sent")
    default void C22_queuedCallOfAStoppedCheckoutIsNeverSent() {
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofSeconds(60));
        CheckoutService service = open(policy);
        User filler = shop().data().userWithOpenOrders(1, 6);
        User victim = shop().data().userWithOpenOrders(2, 6);
        shop().addFault(FaultRule.on(Route.USER, Fault.hang()).forResource(filler.id()));
        Ledger ledger = shop().ledger();
        List<CompletableFuture<Receipt>> fillers = IntStream.range(0, POOL_FILLERS)
                .mapToObj(i -> service.checkout(new CheckoutRequest(filler.id(), newRequestId("c22-filler")))).toList();
        // Every style holds at least 200 in flight; wait until no more start, whatever its limit.
        Waits.until(Duration.ofSeconds(20), () -> ledger.inFlight() >= 200, () -> "fillers in flight: " + ledger.inFlight());
        waitUntilSteady(() -> ledger.inFlight());

        String requestId = newRequestId("c22");
        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(victim.id(), requestId));
        Waits.quietPeriod(Duration.ofMillis(300)); // its user call is now queued, or in flight where nothing limits it
        AtomicLong decided = Decisions.now();
        assertThat(checkout.cancel(true)).isTrue();
        fillers.forEach(stuck -> stuck.cancel(true)); // frees every connection and thread the queue waits for

        Waits.until(Duration.ofSeconds(10), () -> ledger.inFlight() == 0, () -> "calls still in flight: " + ledger.inFlight());
        Waits.quietPeriod(Duration.ofMillis(500));
        List<Call> calls = Traffic.settled(ledger, requestId);
        Decisions.assertNothingStartedAfter(calls, decided, "the stopped checkout's calls");
        Decisions.assertAbortedPromptly(calls, decided, "the stopped checkout's calls that were in flight");
    }

    @ParameterizedTest(name = "C23 the caller completes the future: {0}")
    @Order(23)
    @DisplayName("C23 the caller completing the future stops the checkout")
    @ValueSource(strings = {"complete", "completeExceptionally", "orTimeout"})
    default void C23_theCallerCompletingTheFutureStopsTheCheckout(String how) {
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(5, 6);
        String requestId = newRequestId("c23");
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
        Ledger ledger = shop().ledger();

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        AtomicLong decided = Decisions.watch(checkout);
        Traffic.awaitDetails(ledger, requestId, policy.detailsConcurrency());
        switch (how) {
            case "complete" -> assertThat(checkout.complete(null)).isTrue();
            case "completeExceptionally" -> assertThat(checkout.completeExceptionally(new IllegalStateException("caller gave up"))).isTrue();
            default -> checkout.orTimeout(1, TimeUnit.MILLISECONDS);
        }

        Waits.until(Duration.ofSeconds(5), checkout::isDone, () -> "the caller's completion did not take");
        List<Call> calls = Traffic.settled(ledger, requestId);
        Decisions.assertAbortedPromptly(to(calls, Route.DETAILS), decided, "details aborted once the caller completed the future");
        Waits.quietPeriod(policy.backoffAfter(policy.maxAttempts()).plusMillis(300));
        assertThat(ledger.calls(requestId)).as("no call after the caller completed the future").hasSize(calls.size());
    }

    @Test
    @Order(24)
    @DisplayName("C24 checkout concurrent with close")
    default void C24_checkoutConcurrentWithClose() throws Exception {
        shop().latency(Duration.ofMillis(5));
        User user = shop().data().userWithOpenOrders(1, 6);
        Map<Long, String> before = LiveThreads.now();
        ConcurrentLinkedQueue<Throwable> thrownByCheckout = new ConcurrentLinkedQueue<>();
        for (int round = 0; round < 10; round++) {
            CheckoutService service = open(BASE);
            ConcurrentLinkedQueue<CompletableFuture<Receipt>> checkouts = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CompletableFuture<Receipt>> askedAfterClose = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> idsAfterClose = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(4);
            AtomicLong closedAt = new AtomicLong();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread caller = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; i < 40; i++) {
                        boolean afterClose = closedAt.get() != 0;
                        try {
                            String requestId = newRequestId("c24");
                            CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), requestId));
                            (afterClose ? askedAfterClose : checkouts).add(checkout);
                            if (afterClose) idsAfterClose.add(requestId);
                        } catch (Throwable e) {
                            thrownByCheckout.add(e);
                        }
                        Thread.onSpinWait();
                    }
                }, "contract-c24-caller");
                caller.start();
                callers.add(caller);
            }
            started.await();
            Waits.quietPeriod(Duration.ofMillis(5 + round * 3L)); // close at a different moment each round
            long closing = System.nanoTime();
            service.close();
            closedAt.set(System.nanoTime());
            assertThat(Duration.ofNanos(closedAt.get() - closing)).as("close() with checkouts starting").isLessThan(CLOSE_GRACE);
            for (Thread caller : callers) caller.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(thrownByCheckout).as("what checkout() threw instead of failing its future").isEmpty();
            List<CompletableFuture<Receipt>> all = new ArrayList<>(checkouts);
            all.addAll(askedAfterClose);
            Waits.until(Duration.ofSeconds(5), () -> all.stream().allMatch(CompletableFuture::isDone),
                    () -> all.stream().filter(c -> !c.isDone()).count() + " checkouts still running after close()");
            assertThat(checkouts).as("checkouts asked around the close").allSatisfy(checkout -> {
                if (!checkout.isCompletedExceptionally()) return; // finished before the close: a receipt
                assertThat(Outcomes.cause(checkout)).as("how a checkout learns of the close")
                        .isInstanceOfAny(CancellationException.class, IllegalStateException.class);
            });
            assertThat(askedAfterClose).as("checkouts asked after close() returned").allSatisfy(checkout ->
                    assertThat(Outcomes.cause(checkout)).isInstanceOf(IllegalStateException.class).isNotInstanceOf(CancellationException.class));
            Waits.until(Duration.ofSeconds(5), () -> shop().ledger().inFlight() == 0,
                    () -> "calls in flight after close: " + shop().ledger().inFlight());
            assertThat(idsAfterClose).as("checkouts asked after close() that reached the shop")
                    .allSatisfy(id -> assertThat(shop().ledger().calls(id)).isEmpty());
            shop().ledger().clear();
        }
        assertNothingLeftSince(before);
    }

    /**
     * The callback runs where the style completes the checkout: for a receipt, where the last answer
     * is handled; for a deadline, where the style's timer fires. close() must not wait for its own thread.
     */
    @ParameterizedTest(name = "C25 close from the callback of a checkout that ended by its {0}")
    @Order(25)
    @DisplayName("C25 close from a checkout's own callback")
    @ValueSource(strings = {"receipt", "deadline"})
    default void C25_closeFromACheckoutsOwnCallback(String endedBy) throws Exception {
        boolean byDeadline = endedBy.equals("deadline");
        Map<Long, String> before = LiveThreads.now();
        CheckoutService service = open(byDeadline ? BASE.withCallTimeout(Decisions.NEVER).withDeadline(Duration.ofMillis(300)) : BASE);
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c25");
        // Either way the outcome comes long after the callback below is registered: registered after
        // it, the callback would run on this thread, and the scenario would check nothing.
        shop().addFault(FaultRule.parse(byDeadline ? "orders#" + requestId + "=hang" : "payment#" + requestId + "=delay:300ms"));
        CompletableFuture<Duration> closing = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), requestId));
        // Where the style completes its futures, the natural place for a caller to say "done, close".
        checkout.whenComplete((receipt, failure) -> {
            ranOn.complete(Thread.currentThread());
            long start = System.nanoTime();
            try {
                service.close();
                closing.complete(Duration.ofNanos(System.nanoTime() - start));
            } catch (Throwable e) {
                closing.completeExceptionally(e);
            }
        });

        // Waited for through the callback, not on the checkout: a thread waiting in the checkout's own
        // get() or join() is woken first and may run the callback itself (CompletableFuture's helping).
        assertThat(ranOn.get(30, TimeUnit.SECONDS)).as("the callback ran where the style completed the checkout, not on the caller's thread")
                .isNotSameAs(caller);
        assertThat(closing.get(30, TimeUnit.SECONDS)).as("close() called on the thread that completed the checkout")
                .isLessThan(CLOSE_GRACE);
        if (byDeadline) {
            assertThat(Outcomes.cause(checkout)).isInstanceOf(DeadlineExceededException.class);
        } else {
            receipt(checkout);
        }
        assertNothingLeftSince(before);
    }

    @ParameterizedTest(name = "C33 the payment in flight when the checkout is stopped by its {0}")
    @Order(33)
    @DisplayName("C33 payment in flight when the checkout stops")
    @ValueSource(strings = {"deadline", "cancel"})
    default void C33_paymentInFlightWhenTheCheckoutStops(String stoppedBy) {
        boolean byDeadline = stoppedBy.equals("deadline");
        CheckoutPolicy policy = BASE.withCallTimeout(Decisions.NEVER).withDeadline(byDeadline ? Duration.ofMillis(1500) : Duration.ofSeconds(60));
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c33");
        Ledger ledger = shop().ledger();
        // The shop charges, sends the head of its answer and stalls: the caller cannot know it was charged.
        shop().addFault(FaultRule.parse("payment#" + requestId + "@1=stall-body"));

        CompletableFuture<Receipt> checkout = open(policy).checkout(new CheckoutRequest(user.id(), requestId));
        AtomicLong decided = Decisions.watch(checkout);
        Waits.until(Duration.ofSeconds(10), () -> to(ledger.calls(requestId), Route.PAYMENT).size() == 1,
                () -> "the payment call never came: " + ledger.calls(requestId));
        if (!byDeadline) {
            assertThat(checkout.cancel(true)).isTrue();
        }

        assertThat(Outcomes.cause(checkout)).as("what the caller learns")
                .isInstanceOf(byDeadline ? DeadlineExceededException.class : CancellationException.class);
        List<Call> payments = to(Traffic.settled(ledger, requestId), Route.PAYMENT);
        Decisions.assertAbortedPromptly(payments, decided, "the payment in flight");
        Waits.quietPeriod(policy.backoffAfter(policy.maxAttempts()).plusMillis(300));
        assertThat(to(ledger.calls(requestId), Route.PAYMENT)).as("no second payment after the checkout stopped").hasSize(1);
        List<Charge> charges = ledger.charges(requestId);
        assertThat(charges).as("the charge happened, though the caller could not know").hasSize(1);

        // What the caller should do, as CONTRACT.md says: ask again with the same request id.
        Receipt again = receipt(open(BASE).checkout(new CheckoutRequest(user.id(), requestId)));
        ReceiptChecks.assertPaidInFull(shop().data(), user, requestId, again);
        assertThat(again.payment()).as("the payment already captured").contains(charges.get(0).payment());
        assertThat(ledger.charges(requestId)).as("still one charge").hasSize(1);
    }

    @ParameterizedTest(name = "C34 where the caller's callbacks run: after a {0}")
    @Order(34)
    @DisplayName("C34 where the caller's callbacks run")
    @ValueSource(strings = {"receipt", "failure", "deadline"})
    default void C34_whereTheCallersCallbacksRun(String outcome) {
        CheckoutPolicy policy = BASE.withDeadline(outcome.equals("deadline") ? Duration.ofMillis(800) : BASE.deadline());
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("c34");
        shop().latency(Duration.ofMillis(20)); // the callback below is registered long before the outcome
        switch (outcome) {
            case "failure" -> shop().addFault(FaultRule.on(Route.DETAILS, Fault.status(404)).forRequest(requestId));
            case "deadline" -> shop().addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));
            default -> { }
        }
        CheckoutService service = open(policy);

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), requestId));
        CompletableFuture<Thread> ranOn = checkout.handle((receipt, failure) -> Thread.currentThread());
        // (A caller's cancel or complete completes the future on the caller's own thread: nothing to check.)
        Thread thread = ranOn.join();
        assertThat(completingThreads().test(thread)).as("the caller's callback ran on %s, not a thread the style declares", thread)
                .isTrue();
    }

    /** Waits until the value has not changed for half a second: absence of growth has no event to wait for. */
    private static void waitUntilSteady(java.util.function.LongSupplier value) {
        long last = -1;
        long current = value.getAsLong();
        for (int i = 0; i < 40 && current != last; i++) {
            last = current;
            Waits.quietPeriod(Duration.ofMillis(500));
            current = value.getAsLong();
        }
    }
}
