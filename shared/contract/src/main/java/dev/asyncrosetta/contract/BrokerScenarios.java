package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.contract.PublishedRequests.Published;
import dev.asyncrosetta.model.BrokerPayments.Mode;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.PaymentDeclinedException;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PendingPayment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.backend.Call;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** M1-M13: paying through the broker (docs/CONTRACT.md, "Paying through the broker"). */
public interface BrokerScenarios extends BrokerFixture {

    /** M2's load: the outage, checkouts queued up behind a paused service. */
    int OUTAGE_CHECKOUTS = 200;

    /** M2's deadline: awaiting, every checkout runs into it. */
    Duration OUTAGE_DEADLINE = Duration.ofSeconds(10);

    /**
     * M2, carrying on: every checkout ends within this, well before the deadline that waiting for the
     * service would run into. One checkout takes milliseconds here; the 200 at once took up to 5.4 s
     * on this 2-core machine while other builds kept it at a load average of 7.
     */
    Duration CARRY_ON_WITHIN = Duration.ofSeconds(6);

    /** M9's load, as C18's: thousands of checkouts in flight at once. */
    int LOAD_CHECKOUTS = 2_000;

    /**
     * M1: the published request is exactly the payment the workflow would have made (the request id
     * as key and in the message, the user, the order ids in the orders' order, the amount), published
     * once, and charged once with the request id as Idempotency-Key. Carrying on, the receipt says the
     * payment is pending, with its id; awaiting, it carries the payment the shop captured.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(1)
    default void M1_thePublishedRequestIsExactlyThePayment(Mode mode) throws Exception {
        User user = shop().data().userWithOpenOrders(2, 6);
        String requestId = newRequestId("M1");
        CheckoutService service = open(mode, BROKER_BASE);

        Receipt receipt = service.checkout(new CheckoutRequest(user.id(), requestId)).get(30, TimeUnit.SECONDS);

        List<Order> orders = shop().data().openOrders(user.id());
        PaymentRequest expected = new PaymentRequest(user.id(), orders.stream().map(Order::id).toList(), shop().data().totalFor(user.id()));
        Charge charge = awaitTheOnlyCharge(requestId);
        assertThat(publishedFor(requestId)).as("records published for the checkout, key and message")
                .containsExactly(new Published(requestId, PaymentRequestMessage.of(requestId, expected)));
        assertThat(charge.idempotencyKey()).isEqualTo(requestId);
        assertThat(charge.payment().orderIds()).isEqualTo(expected.orderIds());
        assertThat(receipt.requestId()).isEqualTo(requestId);
        assertThat(receipt.orders()).isEqualTo(orders);
        assertThat(receipt.totalCents()).isEqualTo(expected.amountCents());
        if (mode == Mode.FIRE_AND_CARRY_ON) {
            assertThat(receipt.payment()).as("a payment the checkout did not wait for").isEmpty();
            assertThat(receipt.pendingPayment()).contains(new PendingPayment(requestId, expected));
        } else {
            assertThat(receipt.pendingPayment()).as("pending, though the outcome was awaited").isEmpty();
            assertThat(receipt.payment()).contains(charge.payment());
        }
    }

    /**
     * M2: the payment service is down (paused) while {@value #OUTAGE_CHECKOUTS} checkouts run.
     * Carrying on, every checkout completes with a pending receipt at its normal latency, well within
     * its deadline, without the service: nothing is charged until it is back. Awaiting, every checkout
     * ends at its deadline with a pending receipt, never earlier and never as a failure. Once it is
     * back, every payment is charged exactly once.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(2)
    default void M2_thePaymentServiceIsDown(Mode mode) throws Exception {
        CheckoutPolicy policy = BROKER_BASE.withDeadline(OUTAGE_DEADLINE);
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 6);
        CheckoutService service = open(mode, policy);
        payments().pause();

        List<String> requestIds = new ArrayList<>();
        List<CompletableFuture<Long>> endedAfterNanos = new ArrayList<>();
        List<CompletableFuture<Receipt>> checkouts = new ArrayList<>();
        for (int i = 0; i < OUTAGE_CHECKOUTS; i++) {
            String requestId = newRequestId("M2");
            requestIds.add(requestId);
            long started = System.nanoTime();
            CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(users.get(i % users.size()).id(), requestId));
            checkouts.add(checkout);
            endedAfterNanos.add(checkout.handle((receipt, failure) -> System.nanoTime() - started));
        }
        CompletableFuture.allOf(endedAfterNanos.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int i = 0; i < OUTAGE_CHECKOUTS; i++) {
            Receipt receipt = checkouts.get(i).get();
            assertThat(receipt.pendingPayment()).as("checkout %s", requestIds.get(i)).isPresent();
            Duration ended = Duration.ofNanos(endedAfterNanos.get(i).get());
            if (mode == Mode.AWAIT_OUTCOME) {
                assertThat(ended).as("awaiting, checkout %s ended", requestIds.get(i))
                        .isGreaterThanOrEqualTo(policy.deadline().minusMillis(50));
            } else {
                assertThat(ended).as("carrying on, checkout %s ended (it waited for the payment service)", requestIds.get(i))
                        .isLessThan(CARRY_ON_WITHIN);
            }
        }
        assertThat(requestIds).as("charged while the payment service was down")
                .allSatisfy(id -> assertThat(shop().ledger().charges(id)).isEmpty());

        payments().resume();
        Waits.until(PAYMENT_SERVICE_WITHIN.multipliedBy(2),
                () -> requestIds.stream().allMatch(id -> !shop().ledger().charges(id).isEmpty()),
                () -> "charged once the service was back: " + requestIds.stream().filter(id -> !shop().ledger().charges(id).isEmpty()).count());
        assertThat(requestIds).as("every payment charged exactly once")
                .allSatisfy(id -> assertThat(shop().ledger().charges(id)).hasSize(1));
    }

    /**
     * M3: the payment service crashes after charging and before publishing the outcome or committing.
     * The request is delivered again, the shop answers the replay with the same payment, and the
     * checkout that awaits the outcome still gets PAID: one charge.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    default void M3_theServiceCrashesAfterCharging() throws Exception {
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("M3");
        CheckoutService service = open(Mode.AWAIT_OUTCOME, BROKER_BASE.withDeadline(Duration.ofSeconds(60)));
        payments().crashAfterNextCharge();

        Receipt receipt = service.checkout(new CheckoutRequest(user.id(), requestId)).get(90, TimeUnit.SECONDS);

        List<Charge> charges = shop().ledger().charges(requestId);
        assertThat(charges).as("charges").hasSize(1);
        assertThat(receipt.payment()).contains(charges.get(0).payment());
        assertThat(shop().ledger().calls(requestId, Route.PAYMENT)).as("payment calls: the charge, then the replay")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(call -> assertThat(call.idempotencyKey()).isEqualTo(requestId));
        assertThat(payments().status().crashes()).isPositive();
    }

    /**
     * M4: the broker cannot be reached when the checkout publishes. The checkout fails within its call
     * timeout, well before its deadline, with step PAYMENT and kind BROKER_UNAVAILABLE after one
     * attempt; the shop saw the user, orders and details calls and no payment.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(4)
    default void M4_theBrokerIsUnreachable(Mode mode) {
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(1)).withDeadline(Duration.ofSeconds(20));
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("M4");
        CheckoutService service = open(nobodyListening(), mode, policy);

        long started = System.nanoTime();
        Throwable failure = failureOf(service.checkout(new CheckoutRequest(user.id(), requestId)), Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertBrokerUnavailableAfterOneAttempt(failure);
        assertThat(failure).as("the failure says the request may still arrive").hasMessageContaining("may still reach the broker");
        assertThat(took).as("failed after").isLessThan(policy.deadline().dividedBy(2));
        assertThat(shop().ledger().calls(requestId, Route.DETAILS)).hasSize(shop().data().openOrders(user.id()).size());
        assertThat(shop().ledger().calls(requestId, Route.PAYMENT)).as("payment calls").isEmpty();
        assertThat(shop().ledger().charges(requestId)).as("charges").isEmpty();
    }

    /**
     * M11: Kafka refuses the payment request at once, here the producer itself: the record is larger
     * than its {@code max.request.size}, which the contract sets through the client properties (a
     * style keeps every client property it does not need to set itself). The checkout fails with
     * step PAYMENT and kind BROKER_UNAVAILABLE after one attempt as soon as Kafka says so, not when
     * its call timeout runs out; the shop saw no payment call.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(13)
    default void M11_theBrokerRefusesTheRequestAtOnce(Mode mode) {
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(20));
        User user = shop().data().userWithOpenOrders(1, 6);
        String requestId = newRequestId("M11");
        Map<String, String> refusing = new java.util.HashMap<>(BrokerContract.clientPropertiesOf(kafka()));
        refusing.put("max.request.size", "16"); // bytes: far below any payment request's record
        CheckoutService service = open(refusing, mode, policy);

        long started = System.nanoTime();
        Throwable failure = failureOf(service.checkout(new CheckoutRequest(user.id(), requestId)), Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertBrokerUnavailableAfterOneAttempt(failure);
        assertThat(took).as("failed after (Kafka refused the record at once; the call timeout is %s)", policy.callTimeout())
                .isLessThan(policy.callTimeout().dividedBy(2));
        assertThat(shop().ledger().calls(requestId, Route.PAYMENT)).as("payment calls").isEmpty();
    }

    /**
     * M12: Kafka refuses the configuration once open() has built part of the service: a setting only
     * a producer reads (a compression codec Kafka does not know), in each mode, so that an outcome
     * consumer built before the producer accepts it; and, awaiting, a setting only a consumer reads (an
     * isolation level it does not know), so that a producer built before the consumer accepts it.
     * open() throws with Kafka's reason, and closes again what it had built: no Kafka client of the
     * style's is open once it has thrown, and every thread it started (its HTTP client's, its timers',
     * its listener's) ends within 10 s.
     */
    @ParameterizedTest(name = "{0}, {1}={2}")
    @CsvSource({
            "FIRE_AND_CARRY_ON, compression.type, carrier-pigeon",
            "AWAIT_OUTCOME,     compression.type, carrier-pigeon",
            "AWAIT_OUTCOME,     isolation.level,  maybe"})
    @org.junit.jupiter.api.Order(14)
    default void M12_aConfigurationKafkaRefusesFailsOpenAndLeavesNothingBehind(Mode mode, String setting, String value) throws Exception {
        Map<Long, String> before = threadsOnceThePaymentServiceRuns("M12");
        Set<String> clientsBefore = OpenKafkaClients.now();
        Map<String, String> refused = new java.util.HashMap<>(BrokerContract.clientPropertiesOf(kafka()));
        refused.put(setting, value);

        assertThatThrownBy(() -> open(refused, mode, BROKER_BASE)).as("open() with %s=%s", setting, value)
                .hasStackTraceContaining(setting);

        assertThat(openedByTheStyle(clientsBefore)).as("Kafka clients still open once open() threw").isEmpty();
        untilNoThreadOfTheStyleIsLeft(before, "open() threw");
    }

    /**
     * M5 (deadline): the deadline comes while the publish is unacknowledged (the broker is unreachable
     * and the call timeout is longer). The checkout fails with DeadlineExceededException: the broker
     * never acknowledged the request, so it is not pending, and nothing is charged.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(5)
    default void M5_deadlineWhileThePublishIsUnacknowledged(Mode mode) {
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(3));
        String requestId = newRequestId("M5");
        CheckoutService service = open(nobodyListening(), mode, policy);

        Throwable failure = failureOf(service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), requestId)),
                Duration.ofSeconds(30));

        assertThat(failure).as("the failure the caller sees").isInstanceOf(DeadlineExceededException.class);
        assertThat(shop().ledger().charges(requestId)).as("charges").isEmpty();
    }

    /**
     * M5 (cancel): the caller cancels while awaiting the outcome of an acknowledged request (the
     * payment service is down). The future is cancelled; the request stays published, and once the
     * service is back it is charged, once: cancelling stops the wait, it cannot take a request back.
     * Its outcome then reaches a listener where nobody waits for it any more: the listener drops it
     * and goes on, so the next checkout of the same service is paid.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    default void M5_cancelWhileAwaitingTheOutcome() throws Exception {
        String requestId = newRequestId("M5");
        CheckoutService service = open(Mode.AWAIT_OUTCOME, BROKER_BASE.withDeadline(Duration.ofSeconds(60)));
        payments().pause();

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), requestId));
        Waits.until(PAYMENT_SERVICE_WITHIN, () -> !publishedFor(requestId).isEmpty(), () -> "the request was never published");
        checkout.cancel(true);

        assertThatThrownBy(checkout::join).isInstanceOf(CancellationException.class);
        payments().resume();
        awaitTheOnlyCharge(requestId);

        // The cancelled checkout's outcome is published right after its charge, well before the next one's.
        String nextId = newRequestId("M5");
        Receipt next = Outcomes.receipt(service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), nextId)));
        assertThat(next.payment()).as("the next checkout, after an outcome nobody awaited").contains(awaitTheOnlyCharge(nextId).payment());
    }

    /**
     * M5 (cancel before the publish): the caller cancels while the details are being fetched (the shop
     * answers them a second late). The checkout stops there: its details calls are aborted and its
     * request is never published, not even once close() has flushed the producer. A request the style
     * had not handed to the producer when the checkout stopped is never sent, so it is never charged.
     */
    @Test
    @org.junit.jupiter.api.Order(6)
    default void M5_cancelBeforeThePublish() throws Exception {
        CheckoutPolicy policy = BROKER_BASE.withDeadline(Duration.ofSeconds(60));
        // One order: its details call is the last before the publish, however a style fans out.
        User user = shop().data().userWithOpenOrders(1, 1);
        String requestId = newRequestId("M5");
        Duration detailsLate = Duration.ofSeconds(1);
        shop().addFault(FaultRule.on(Route.DETAILS, Fault.delay(detailsLate)).forRequest(requestId));
        CheckoutService service = open(Mode.FIRE_AND_CARRY_ON, policy);

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(user.id(), requestId));
        Waits.until(Duration.ofSeconds(10), () -> shop().ledger().calls(requestId, Route.DETAILS).size() == 1,
                () -> "the details calls so far: " + shop().ledger().calls(requestId));
        assertThat(checkout.cancel(true)).isTrue();

        assertThatThrownBy(checkout::join).isInstanceOf(CancellationException.class);
        // Absence has no event to wait for: watch past the time the details would have answered.
        Waits.quietPeriod(detailsLate.plusMillis(500));
        service.close();
        assertThat(publishedFor(requestId)).as("records published for the cancelled checkout").isEmpty();
        assertThat(shop().ledger().calls(requestId, Route.DETAILS)).as("the details call, aborted by the cancel")
                .hasSize(1)
                .allSatisfy(call -> assertThat(call.ending()).isEqualTo(Call.Ending.ABORTED_BY_CLIENT));
        assertThat(shop().ledger().charges(requestId)).as("charges").isEmpty();
    }

    /**
     * M6: close() ends every thread the service started and closes every Kafka client it opened (the
     * producer flushed and closed, the outcome consumer closed); called on the caller's own thread, it
     * returns only once both clients are closed, so a process that exits after close() has lost
     * nothing it handed to the producer. A checkout asked for afterwards
     * fails with IllegalStateException. Every checkout that ended with a pending receipt before the
     * close is charged once: the close withdrew nothing the broker had acknowledged. Once the payment
     * service is stopped too, the shop has no connection left open.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(7)
    default void M6_cleanClose(Mode mode) throws Exception {
        Map<Long, String> before = threadsOnceThePaymentServiceRuns("M6");
        Set<String> clientsBefore = OpenKafkaClients.now();
        CheckoutService service = open(mode, BROKER_BASE);
        List<String> requestIds = new ArrayList<>();
        for (User user : shop().data().payingUsers(n -> n >= 1 && n <= 6).subList(0, 5)) {
            String requestId = newRequestId("M6");
            requestIds.add(requestId);
            service.checkout(new CheckoutRequest(user.id(), requestId)).get(30, TimeUnit.SECONDS);
        }

        service.close();

        assertThat(openedByTheStyle(clientsBefore)).as("Kafka clients still open after close() returned on the caller's thread").isEmpty();
        untilNoThreadOfTheStyleIsLeft(before, "close");
        assertThat(failureOf(service.checkout(new CheckoutRequest("u-0001", newRequestId("M6"))), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class);
        Waits.until(PAYMENT_SERVICE_WITHIN, () -> requestIds.stream().allMatch(id -> !shop().ledger().charges(id).isEmpty()),
                () -> "not every acknowledged request was charged");
        assertThat(requestIds).allSatisfy(id -> assertThat(shop().ledger().charges(id)).hasSize(1));
        payments().close();
        Waits.until(Duration.ofSeconds(10), () -> {
            Waits.collectUnclosableClientsOnJdk17();
            return shop().openConnections() == 0;
        }, () -> "connections open at the shop after close: " + shop().openConnections());
    }

    /**
     * M7: awaiting, the outcome maps through the one failure rule: DECLINED is a
     * PaymentDeclinedException, FAILED (the shop refused the payment with a 4xx other than 402) a
     * DownstreamException with step PAYMENT and kind PAYMENT_FAILED. Nothing is charged.
     */
    @Test
    @org.junit.jupiter.api.Order(8)
    default void M7_declinedAndFailedOutcomes() {
        CheckoutService service = open(Mode.AWAIT_OUTCOME, BROKER_BASE);
        String declinedId = newRequestId("M7");
        String failedId = newRequestId("M7");
        shop().addFault(FaultRule.on(Route.PAYMENT, Fault.status(409)).forRequest(failedId));

        Throwable declined = failureOf(service.checkout(new CheckoutRequest(shop().data().decliningUser().id(), declinedId)),
                Duration.ofSeconds(30));
        Throwable failed = failureOf(service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), failedId)),
                Duration.ofSeconds(30));

        assertThat(declined).as("the DECLINED outcome").isInstanceOf(PaymentDeclinedException.class);
        assertThat(failed).as("the FAILED outcome").isInstanceOf(DownstreamException.class);
        assertThat(((DownstreamException) failed).step()).isEqualTo(Step.PAYMENT);
        assertThat(((DownstreamException) failed).kind()).isEqualTo(Kind.PAYMENT_FAILED);
        assertThat(shop().ledger().charges(declinedId)).isEmpty();
        assertThat(shop().ledger().charges(failedId)).isEmpty();
    }

    /**
     * M8: on the broker path too, nothing blocks on a thread the style declares non-blocking (BlockHound,
     * as C17), in either mode and with the broker unreachable (where the producer's send waits for
     * metadata), and every checkout completes on a thread the style declares (as C34), never on a
     * Kafka client's own thread. Each service is fresh, so its first send fetches the metadata.
     */
    @Test
    @org.junit.jupiter.api.Order(9)
    default void M8_noBlockingOnNonBlockingThreads() throws Exception {
        assumeFalse(blocksByDesign(), "not applicable: this style blocks by design");
        BlockingCalls.watch(nonBlockingThreads());
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 6);
        List<String> completedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> checkouts = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            CheckoutService service = open(mode, BROKER_BASE);
            CheckoutService unreachable = open(nobodyListening(), mode, BROKER_BASE.withCallTimeout(Duration.ofSeconds(1)));
            for (int i = 0; i < 5; i++) {
                for (CheckoutService each : List.of(service, unreachable)) {
                    CompletableFuture<Receipt> checkout = each.checkout(new CheckoutRequest(users.get(i).id(), newRequestId("M8")));
                    checkouts.add(checkout.handle((receipt, failure) -> {
                        if (!completingThreads().test(Thread.currentThread())) completedOn.add(Thread.currentThread().getName());
                        return null;
                    }));
                }
            }
        }
        CompletableFuture.allOf(checkouts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(BlockingCalls.seen()).as("blocking calls on non-blocking threads").isEmpty();
        assertThat(completedOn).as("checkouts completed on a thread the style does not declare").isEmpty();
    }

    /**
     * M9: {@value #LOAD_CHECKOUTS} checkouts in flight through the broker at once, carrying on (the
     * shop answering after 20 ms, as in C18; the payment service paused meanwhile, so the style's
     * threads are counted alone). Every checkout completes; each request is on the topic once, under
     * its id; once the service resumes, each is charged once; the style adds no more live threads than
     * its bound.
     */
    @Test
    @org.junit.jupiter.api.Order(11)
    default void M9_load() throws Exception {
        shop().latency(Duration.ofMillis(20));
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(60));
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 2);
        payments().pause();
        List<String> requestIds = IntStream.range(0, LOAD_CHECKOUTS).mapToObj(i -> newRequestId("M9")).toList();
        LoadRun load = LoadRun.of(() -> open(Mode.FIRE_AND_CARRY_ON, policy), users, requestIds);

        load.assertNoneFailed();
        assertThat(load.extraThreads()).as("live threads the style added under load").isLessThanOrEqualTo(threadBound());
        Map<String, Long> publishedPerKey = PublishedRequests.on(kafka(), payments().topics().requests()).stream()
                .collect(Collectors.groupingBy(Published::key, Collectors.counting()));
        assertThat(publishedPerKey).as("records per key on the request topic")
                .containsOnlyKeys(requestIds)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        shop().latency(Duration.ZERO);
        payments().resume();
        Waits.until(PAYMENT_SERVICE_WITHIN.multipliedBy(4), () -> shop().ledger().charges().size() >= LOAD_CHECKOUTS,
                () -> "charged once the service was back: " + shop().ledger().charges().size() + " of " + LOAD_CHECKOUTS);
        Map<String, Long> chargesPerRequest = shop().ledger().charges().stream()
                .collect(Collectors.groupingBy(Charge::requestId, Collectors.counting()));
        assertThat(chargesPerRequest).as("exactly one charge per checkout")
                .containsOnlyKeys(requestIds)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    }

    /**
     * M8, closing: close() called from a checkout's own callback, on the thread the style completes it
     * (C25's case, on the broker path), does not close the Kafka clients there. Closing them blocks by
     * nature (the producer flushes what it was handed, the consumer's thread is waited for): a style
     * whose threads must not block does that on a thread that may, and every thread still ends.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(10)
    default void M8_closeFromACheckoutsCallbackBlocksNothing(Mode mode) throws Exception {
        assumeFalse(blocksByDesign(), "not applicable: this style blocks by design");
        // Installing BlockHound attaches an agent, which starts threads of the JVM's own (an attach
        // listener, a process reaper): before the snapshot, so that they are not taken for the style's.
        BlockingCalls.watch(nonBlockingThreads());
        Map<Long, String> before = threadsOnceThePaymentServiceRuns("M8");
        CheckoutService service = open(mode, BROKER_BASE);
        BlockingCalls.watch(nonBlockingThreads()); // from here on
        CompletableFuture<Duration> closed = new CompletableFuture<>();
        List<String> closedOn = new java.util.concurrent.CopyOnWriteArrayList<>();
        service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), newRequestId("M8")))
                .whenComplete((receipt, failure) -> {
                    closedOn.add(Thread.currentThread().getName());
                    long start = System.nanoTime();
                    try {
                        service.close();
                        closed.complete(Duration.ofNanos(System.nanoTime() - start));
                    } catch (RuntimeException | Error e) {
                        closed.completeExceptionally(e);
                    }
                });

        Duration closing = closed.get(30, TimeUnit.SECONDS);

        // Registered long before the checkout ends (it fetches over HTTP, then publishes): the callback
        // runs where the style completes the checkout, not on this thread.
        assertThat(closedOn).as("the thread the callback ran on").singleElement()
                .matches(name -> !name.equals(Thread.currentThread().getName()), "not the test's own thread");
        // Only the Kafka clients' closing counts here: the rest of close() on the style's own thread is C25's.
        assertThat(BlockingCalls.seen()).as("blocking calls on non-blocking threads, closing the Kafka clients")
                .filteredOn(call -> call.contains("org.apache.kafka.") || call.contains("dev.asyncrosetta.brokerclient."))
                .isEmpty();
        assertThat(closing).as("close() from the callback").isLessThan(Duration.ofSeconds(5));
        untilNoThreadOfTheStyleIsLeft(before, "close");
    }

    /**
     * M10: the broker cannot take the request yet (its topic is not there, so the first publish waits
     * for the topic's metadata as it does while the broker is down), and a second checkout reaches its
     * publish behind the first and is stopped there by its caller. Once the topic is there, the waiting
     * checkout is charged, once (awaiting, it gets PAID; carrying on, its pending receipt); the stopped
     * one is never published, not even once close() has flushed the producer, so it is never charged.
     * A style that hands its send to a publishing thread must take it back when the checkout stops:
     * the thread gets to it only once the broker is back.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(12)
    default void M10_aCheckoutStoppedWhileItsPublishWaitsIsNeverPublished(Mode mode) throws Exception {
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(20)).withDeadline(Duration.ofSeconds(60));
        CheckoutService service = openBeforeItsRequestTopic(mode, policy);
        String waiting = newRequestId("M10");
        String stopped = newRequestId("M10");
        CompletableFuture<Receipt> first = checkoutUpToItsPublish(service, waiting);
        CompletableFuture<Receipt> second = checkoutUpToItsPublish(service, stopped);

        assertThat(second.cancel(true)).as("the second checkout, stopped while it waits to publish").isTrue();
        assertThatThrownBy(second::join).isInstanceOf(CancellationException.class);
        createTheRequestTopic();

        Receipt receipt = first.get(PAYMENT_SERVICE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        Charge charge = awaitTheOnlyCharge(waiting);
        if (mode == Mode.AWAIT_OUTCOME) {
            assertThat(receipt.payment()).as("the first checkout, paid once the topic is there").contains(charge.payment());
        } else {
            assertThat(receipt.pendingPayment()).as("the first checkout, pending once the topic is there").isPresent();
        }
        service.close();
        assertThat(publishedFor(stopped)).as("records published for the stopped checkout").isEmpty();
        assertThat(shop().ledger().charges(stopped)).as("charges for the stopped checkout").isEmpty();
    }

    /**
     * M13: the broker cannot take the request past the call timeout (the request topic is not there,
     * so each send waits for its metadata up to {@code max.block.ms}, the call timeout), and three
     * checkouts reach their publish one after the other. Each fails with step PAYMENT and kind
     * BROKER_UNAVAILABLE after one attempt. Once the topic is there and close() has flushed the
     * producer, the third is never published, so never charged: a style that sends from one publishing
     * thread holds it behind the first two sends, each waiting up to the call timeout, so its own call
     * timeout runs out before its send could begin, and a send that has not begun when its checkout has
     * been told BROKER_UNAVAILABLE must never begin. (The second's send may be waiting in Kafka when the
     * topic comes: it may still arrive, as the honest note says.) A style that sends each request from a
     * thread of its own sends the third at once, and Kafka gives it up with the call timeout.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @org.junit.jupiter.api.Order(15)
    default void M13_aPublishTimedOutBeforeItsSendBeganIsNeverSent(Mode mode) throws Exception {
        CheckoutPolicy policy = BROKER_BASE.withCallTimeout(Duration.ofSeconds(4)).withDeadline(Duration.ofSeconds(60));
        CheckoutService service = openBeforeItsRequestTopic(mode, policy);
        List<String> requestIds = new ArrayList<>();
        List<CompletableFuture<Receipt>> checkouts = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            String requestId = newRequestId("M13");
            requestIds.add(requestId);
            checkouts.add(checkoutUpToItsPublish(service, requestId));
        }
        // The scenario's premise: the third publish began before the first send could give up, so on one
        // publishing thread it waits behind two sends of up to a call timeout each, longer than its own.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the three checkouts reached their publish within")
                .isLessThan(policy.callTimeout());

        for (CompletableFuture<Receipt> checkout : checkouts) {
            assertBrokerUnavailableAfterOneAttempt(failureOf(checkout, Duration.ofSeconds(30)));
        }
        // A send that began with its publish (a thread per send) ends with Kafka's own max.block.ms, which
        // started a moment after the publish's timeout did: the topic comes only once that moment is past.
        Waits.quietPeriod(Duration.ofSeconds(1));
        createTheRequestTopic();
        service.close();

        String third = requestIds.get(2);
        assertThat(publishedFor(third)).as("records published for the third checkout, told BROKER_UNAVAILABLE before its send began").isEmpty();
        assertThat(shop().ledger().charges(third)).as("charges for the third checkout").isEmpty();
    }

    /**
     * Starts a checkout of one order and returns once it has reached its publish. One order each: the
     * details call is the last before the publish, however a style fans out.
     */
    private CompletableFuture<Receipt> checkoutUpToItsPublish(CheckoutService service, String requestId) {
        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 1).id(), requestId));
        awaitTheLastCallBeforeThePublish(requestId);
        return checkout;
    }

    /**
     * The checkout's details were answered, and it has had time to reach its publish: a step in memory
     * that no witness sees, so the wait is a quiet period, ample for a few microseconds of work.
     */
    private void awaitTheLastCallBeforeThePublish(String requestId) {
        Waits.until(Duration.ofSeconds(10), () -> shop().ledger().calls(requestId, Route.DETAILS).stream()
                .anyMatch(call -> call.ending() == Call.Ending.ANSWERED), () -> "the details calls so far: " + shop().ledger().calls(requestId));
        Waits.quietPeriod(Duration.ofMillis(500));
    }

    /**
     * The threads alive once the payment service runs: it starts its HTTP client and joins its group on
     * its own thread, in its own time, so a first checkout is charged (on a service closed at once)
     * before the snapshot, which then holds every thread of the payment service's.
     */
    private Map<Long, String> threadsOnceThePaymentServiceRuns(String scenario) throws Exception {
        CheckoutService first = open(Mode.FIRE_AND_CARRY_ON, BROKER_BASE);
        String firstId = newRequestId(scenario);
        first.checkout(new CheckoutRequest(shop().data().userWithOpenOrders(1, 6).id(), firstId)).get(30, TimeUnit.SECONDS);
        awaitTheOnlyCharge(firstId);
        first.close();
        return LiveThreads.now();
    }

    private List<Published> publishedFor(String requestId) {
        return PublishedRequests.of(kafka(), payments().topics().requests(), requestId);
    }

    private Charge awaitTheOnlyCharge(String requestId) {
        Waits.until(PAYMENT_SERVICE_WITHIN, () -> !shop().ledger().charges(requestId).isEmpty(),
                () -> "no charge for " + requestId + "; the payment service: " + payments().status());
        List<Charge> charges = shop().ledger().charges(requestId);
        assertThat(charges).as("charges for " + requestId).hasSize(1);
        return charges.get(0);
    }

    /**
     * Threads alive now that were not before, leaving out the payment service's (named after it,
     * "payments-N", or after its group: Kafka's heartbeat thread, started when it joins) and the
     * broker's. A broker starts some threads late: the first fetch that expires starts its purgatory's
     * timer. Each JUnit run has a broker of its own, and PIT runs each scenario as a run of its own, so
     * M8 saw the broker's "executor-Fetch" start under it and failed on a mutant that changed nothing.
     */
    private Map<Long, String> startedByTheStyle(Map<Long, String> before) {
        Map<Long, String> started = LiveThreads.startedSince(before);
        started.keySet().removeAll(LiveThreads.idsOf(kafka()::isBrokerThread));
        started.values().removeIf(name -> name.contains(payments().name()) || name.contains(payments().group()));
        return started;
    }

    /**
     * Every thread the style started since {@code before} ends within 10 s (on JDK 17 the wait runs the
     * collector, {@link Waits#collectUnclosableClientsOnJdk17}); the failure names them.
     */
    private void untilNoThreadOfTheStyleIsLeft(Map<Long, String> before, String after) {
        Waits.until(Duration.ofSeconds(10), () -> {
            Waits.collectUnclosableClientsOnJdk17();
            return startedByTheStyle(before).isEmpty();
        }, () -> "threads still alive after " + after + ": " + startedByTheStyle(before));
    }

    /** Kafka clients open now that were not before, leaving out the payment service's (named after it). */
    private Set<String> openedByTheStyle(Set<String> before) {
        Set<String> opened = OpenKafkaClients.openedSince(before);
        opened.removeIf(client -> client.contains(payments().name()));
        return opened;
    }

    /** The payment request could not be handed to Kafka: step PAYMENT, kind BROKER_UNAVAILABLE, one attempt. */
    private static void assertBrokerUnavailableAfterOneAttempt(Throwable failure) {
        assertThat(failure).as("the failure the caller sees").isInstanceOf(DownstreamException.class);
        DownstreamException downstream = (DownstreamException) failure;
        assertThat(downstream.step()).as("step").isEqualTo(Step.PAYMENT);
        assertThat(downstream.kind()).as("kind").isEqualTo(Kind.BROKER_UNAVAILABLE);
        assertThat(downstream.attempts()).as("attempts").isEqualTo(1);
    }

    /** Client properties pointing at a port nobody listens on. */
    private static Map<String, String> nobodyListening() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Map.of("bootstrap.servers", "127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Throwable failureOf(CompletableFuture<Receipt> checkout, Duration within) {
        try {
            Receipt receipt = checkout.get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failed checkout, got " + receipt);
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (Exception e) {
            throw new AssertionError("no outcome within " + within, e);
        }
    }
}
