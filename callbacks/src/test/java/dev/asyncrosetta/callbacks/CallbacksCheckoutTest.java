package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.model.AdmissionPolicy;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.LineItem;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.OverloadedException;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import dev.asyncrosetta.model.UserNotFoundException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The callback machinery on its own, against a shop the test answers by hand: what happens when a
 * callback throws, reports twice, or reports late, and how the fan-out keeps its bound and its order.
 */
class CallbacksCheckoutTest {
    private static final User USER = new User("u-1", "Ann", "ann@example.com");
    private static final List<Order> ORDERS = IntStream.rangeClosed(1, 6)
            .mapToObj(i -> new Order("o-" + i, USER.id(), Order.OPEN)).toList();
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(10), 2);

    private final ScriptedShop shop = new ScriptedShop();
    private final CallbacksCheckout service = new CallbacksCheckout(shop, POLICY, CallbacksStyle.newTimer());

    @AfterEach
    void close() {
        service.close();
    }

    /** The callback API's handle is always usable, also for a checkout refused before it started. */
    @Test
    void aRefusedCheckoutStillHandsBackAHandleThatAbortsNothing() {
        Promise.Completable<Receipt> invalid = new Promise.Completable<>();
        Abortable invalidHandle = service.checkout(new CheckoutRequest("", "req-00000001"), invalid);
        service.close();
        Promise.Completable<Receipt> afterClose = new Promise.Completable<>();
        Abortable afterCloseHandle = service.checkout(new CheckoutRequest(USER.id(), "req-00000002"), afterClose);

        assertThat(invalid).isCompletedExceptionally();
        assertThat(afterClose).isCompletedExceptionally();
        invalidHandle.abort();
        afterCloseHandle.abort();
        assertThat(shop.started()).isEmpty();
    }

    @Test
    void anExceptionThrownWhenAStepStartsFailsTheCheckoutInsteadOfHangingIt() {
        shop.breakCall("details o-2");
        CompletableFuture<Receipt> receipt = checkout();

        shop.call("user u-1").answer(USER);
        shop.call("orders u-1").answer(ORDERS);

        assertThat(failureOf(receipt)).isInstanceOf(IllegalStateException.class).hasMessage("broken port: details o-2");
        assertThat(shop.call("details o-1").aborted()).as("the sibling already in flight is aborted").isTrue();
        assertThat(shop.started()).containsExactly("user u-1", "orders u-1", "details o-1");
        assertThat(shop.swallowed()).as("nothing escaped into the shop's thread").isEmpty();
    }

    @Test
    void anExceptionThrownInsideACallbackFailsTheCheckoutInsteadOfHangingIt() {
        CompletableFuture<Receipt> receipt = checkout();

        shop.call("user u-1").answer(USER);
        shop.call("orders u-1").answer(Arrays.asList(ORDERS.get(0), null)); // the fan-out trips over the null

        assertThat(failureOf(receipt)).isInstanceOf(NullPointerException.class);
        assertThat(shop.call("details o-1").aborted()).isTrue();
        assertThat(shop.swallowed()).as("nothing escaped into the shop's thread").isEmpty();
    }

    @Test
    void aCallbackReportedTwiceMovesTheWorkflowOnOnce() throws Exception {
        CompletableFuture<Receipt> receipt = checkout();

        ScriptedShop.Call user = shop.call("user u-1");
        user.answer(USER);
        user.answer(USER);
        user.fail(CallFailure.status(503));
        ScriptedShop.Call orders = shop.call("orders u-1");
        orders.answer(ORDERS.subList(0, 1));
        orders.answer(ORDERS.subList(0, 1));
        shop.call("details o-1").answer(details("o-1", 300));
        shop.call("payment 300").answer(payment(300, "o-1"));

        assertThat(shop.started()).containsExactly("user u-1", "orders u-1", "details o-1", "payment 300");
        assertThat(receipt.get(1, TimeUnit.SECONDS).totalCents()).isEqualTo(300);
    }

    @Test
    void theFanOutKeepsItsBoundAndTheOrdersOrderWhateverOrderTheDetailsFinishIn() throws Exception {
        CompletableFuture<Receipt> receipt = checkout();
        shop.call("user u-1").answer(USER);
        shop.call("orders u-1").answer(ORDERS);

        // Always answer the most recently started call first: the details finish in scrambled order.
        int answered = 0;
        while (answered < ORDERS.size()) {
            List<ScriptedShop.Call> pending = pendingDetails();
            assertThat(pending).as("details in flight").hasSizeLessThanOrEqualTo(POLICY.detailsConcurrency());
            ScriptedShop.Call last = pending.get(pending.size() - 1);
            String orderId = last.what.substring("details ".length());
            last.answer(details(orderId, 100 * Integer.parseInt(orderId.substring(2))));
            answered++;
        }
        shop.call("payment 2100").answer(payment(2100, ORDERS.stream().map(Order::id).toArray(String[]::new)));

        assertThat(receipt.get(1, TimeUnit.SECONDS).details()).extracting(OrderDetails::orderId)
                .containsExactlyElementsOf(ORDERS.stream().map(Order::id).toList());
    }

    @Test
    void theFirstFailedDetailAbortsItsSiblingsAndNoOtherDetailStarts() {
        CompletableFuture<Receipt> receipt = checkout();
        shop.call("user u-1").answer(USER);
        shop.call("orders u-1").answer(ORDERS);

        shop.call("details o-1").fail(CallFailure.status(404)); // not transient: no retry

        assertThat(failureOf(receipt)).isInstanceOfSatisfying(DownstreamException.class, failure -> {
            assertThat(failure.step()).isEqualTo(Step.DETAILS);
            assertThat(failure.kind()).isEqualTo(Kind.HTTP_ERROR);
            assertThat(failure.attempts()).isEqualTo(1);
        });
        assertThat(shop.call("details o-2").aborted()).isTrue();
        shop.call("details o-2").answer(details("o-2", 200)); // a late answer changes nothing
        assertThat(shop.started()).containsExactly("user u-1", "orders u-1", "details o-1", "details o-2");
    }

    @Test
    void cancellingTheFutureAbortsWhatIsInFlightAndNothingStartsAfterwards() {
        CompletableFuture<Receipt> receipt = checkout();
        shop.call("user u-1").answer(USER);

        assertThat(receipt.cancel(true)).isTrue();

        assertThat(shop.call("orders u-1").aborted()).isTrue();
        shop.call("orders u-1").answer(ORDERS); // too late: it must not start the details
        assertThat(shop.started()).containsExactly("user u-1", "orders u-1");
        assertThat(receipt).isCancelled();
    }

    /** C23 in this idiom: completing the future is the caller deciding the outcome, whichever way it does it. */
    @ParameterizedTest
    @ValueSource(strings = {"complete", "completeExceptionally", "orTimeout"})
    void completingTheFutureAnyWayStopsTheCheckoutLikeCancelDoes(String how) {
        CompletableFuture<Receipt> receipt = checkout();
        shop.call("user u-1").answer(USER);

        switch (how) {
            case "complete" -> receipt.complete(null);
            case "completeExceptionally" -> receipt.completeExceptionally(new IllegalStateException("caller gave up"));
            default -> receipt.orTimeout(1, TimeUnit.MILLISECONDS);
        }
        waitFor(() -> shop.call("orders u-1").aborted());

        shop.call("orders u-1").answer(ORDERS); // too late: it must not start the details
        assertThat(shop.started()).containsExactly("user u-1", "orders u-1");
    }

    @Test
    void theCallbackIdiomReportsOnceToo() {
        List<Object> reports = new CopyOnWriteArrayList<>();
        Abortable checkout = service.checkout(new CheckoutRequest(USER.id(), "request-0001"),
                Promise.from(reports::add, reports::add));
        shop.call("user u-1").answer(USER);

        checkout.abort();
        checkout.abort();
        shop.call("orders u-1").fail(CallFailure.status(503));

        assertThat(reports).hasSize(1).first().isInstanceOf(CancellationException.class);
    }

    /**
     * A cancel that lands while a call is starting (here from inside the port, as a caller's cancel on
     * another thread can) finds no handle to abort yet: InFlight aborts the call once its handle is back,
     * or the exchange would run on after the checkout ended.
     */
    @Test
    void aCancelLandingWhileACallStartsStillAbortsThatCall() {
        CompletableFuture<Receipt> receipt = checkout();
        shop.onStart("orders u-1", () -> receipt.cancel(true));

        shop.call("user u-1").answer(USER);

        assertThat(receipt).isCancelled();
        assertThat(shop.call("orders u-1").aborted()).as("the call that was starting as the checkout was cancelled").isTrue();
    }

    /**
     * A call that fails as it starts (a client may report before its send returns) decides the checkout
     * there and then: the fan-out's loop, still starting its first lanes, starts no other call.
     */
    @Test
    void aCallThatFailsAsItStartsDecidesTheCheckoutAndNoSiblingStartsAfterIt() {
        shop.failAtStart("details o-1", CallFailure.status(404));
        CompletableFuture<Receipt> receipt = checkout();

        shop.call("user u-1").answer(USER);
        shop.call("orders u-1").answer(ORDERS);

        assertThat(failureOf(receipt)).isInstanceOfSatisfying(DownstreamException.class,
                failure -> assertThat(failure.step()).isEqualTo(Step.DETAILS));
        assertThat(shop.started()).as("nothing starts once the outcome is decided").containsExactly("user u-1", "orders u-1", "details o-1");
    }

    /**
     * Admission control gives a checkout's place back when it ends, with a receipt as with a failure:
     * with room for one checkout, three in a row are each admitted. (R3 checks the refusals while the
     * places are held, not that they come back.) A checkout refused meanwhile hands back a usable handle.
     */
    @Test
    void anAdmittedCheckoutGivesItsPlaceBackWhenItEndsHoweverItEnds() throws Exception {
        CallbacksCheckout admitsOne = new CallbacksCheckout(shop, POLICY.withAdmission(new AdmissionPolicy(1)), CallbacksStyle.newTimer());
        try {
            CompletableFuture<Receipt> paid = admitsOne.checkout(new CheckoutRequest(USER.id(), "request-0001"));
            shop.call("user u-1").answer(USER);
            shop.call("orders u-1").answer(List.of()); // nothing to pay: a receipt at once
            assertThat(paid.get(1, TimeUnit.SECONDS).totalCents()).isZero();

            CompletableFuture<Receipt> failed = admitsOne.checkout(new CheckoutRequest(USER.id(), "request-0002"));
            shop.call("user u-1").fail(CallFailure.status(404));
            assertThat(failureOf(failed)).as("the second checkout was admitted, then failed").isInstanceOf(UserNotFoundException.class);

            CompletableFuture<Receipt> third = admitsOne.checkout(new CheckoutRequest(USER.id(), "request-0003"));
            assertThat(third).as("the third checkout was admitted").isNotDone();
            assertThat(shop.started()).containsExactly("user u-1", "orders u-1", "user u-1", "user u-1");

            // While the third holds the place, a fourth is refused, and still hands back a handle that aborts nothing.
            Promise.Completable<Receipt> refused = new Promise.Completable<>();
            Abortable refusedHandle = admitsOne.checkout(new CheckoutRequest(USER.id(), "request-0004"), refused);
            assertThat(failureOf(refused)).isInstanceOf(OverloadedException.class);
            refusedHandle.abort();
            assertThat(third).as("the admitted checkout, after the refused one's handle was aborted").isNotDone();
        } finally {
            admitsOne.close();
        }
    }

    /** C25 on the timer's own thread: close() from the deadline's callback must not wait for the timer to end. */
    @Test
    void closeFromTheDeadlinesCallbackReturnsAtOnce() throws Exception {
        CheckoutPolicy shortDeadline = new CheckoutPolicy(Duration.ofSeconds(5), Duration.ofMillis(50), 3, Duration.ofMillis(10), 2);
        CallbacksCheckout closing = new CallbacksCheckout(shop, shortDeadline, CallbacksStyle.newTimer());
        CompletableFuture<String> closedOn = new CompletableFuture<>();
        closing.checkout(new CheckoutRequest(USER.id(), "request-0001")).whenComplete((receipt, failure) -> {
            long start = System.nanoTime();
            closing.close();
            closedOn.complete(Thread.currentThread().getName() + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        });

        assertThat(closedOn.get(10, TimeUnit.SECONDS)).as("the user call never answers: the deadline decides, on the timer")
                .startsWith("callbacks-timer-")
                .matches(".* in [0-9]{1,3} ms");
    }

    private CompletableFuture<Receipt> checkout() {
        return service.checkout(new CheckoutRequest(USER.id(), "request-0001"));
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private List<ScriptedShop.Call> pendingDetails() {
        return shop.calls().stream().filter(call -> call.what.startsWith("details ")).filter(ScriptedShop.Call::pending).toList();
    }

    private static Throwable failureOf(CompletableFuture<Receipt> receipt) {
        assertThatThrownBy(() -> receipt.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return receipt.handle((value, failure) -> failure).join();
    }

    private static OrderDetails details(String orderId, long totalCents) {
        return new OrderDetails(orderId, List.of(new LineItem("sku-" + orderId, 1, totalCents)), totalCents);
    }

    private static Payment payment(long amountCents, String... orderIds) {
        return new Payment("p-1", USER.id(), amountCents, List.of(orderIds), Payment.CAPTURED);
    }
}
