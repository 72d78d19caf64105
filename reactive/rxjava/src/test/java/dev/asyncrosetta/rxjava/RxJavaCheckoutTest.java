package dev.asyncrosetta.rxjava;

import static dev.asyncrosetta.rxjava.ScriptedShop.answerAfter;
import static dev.asyncrosetta.rxjava.ScriptedShop.doing;
import static dev.asyncrosetta.rxjava.ScriptedShop.failAfter;
import static dev.asyncrosetta.rxjava.ScriptedShop.hang;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.InvalidRequestException;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.UserNotFoundException;
import dev.asyncrosetta.rxjava.RxJavaCheckout.DetailsFanOut;
import dev.asyncrosetta.rxjava.ScriptedShop.Attempt;
import dev.asyncrosetta.rxjava.ScriptedShop.Ending;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.functions.Predicate;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The workflow's timing on virtual time: a {@link TestScheduler} drives every timeout, backoff and
 * deadline, and a {@link ScriptedShop} answers when told, so each check is exact to the millisecond
 * and takes no real time. {@link TestObserver} watches the checkout's Single.
 */
@ExtendWith(UndeliverableErrors.class)
class RxJavaCheckoutTest {
    /** callTimeout 1 s, deadline 20 s, 3 attempts, first backoff 100 ms, 4 details at once. */
    private static final CheckoutPolicy POLICY =
            new CheckoutPolicy(Duration.ofSeconds(1), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4);
    private static final CheckoutRequest REQUEST = new CheckoutRequest(ScriptedShop.USER.id(), "request-1");

    private final TestScheduler scheduler = new TestScheduler();

    private RxJavaCheckout checkout(CheckoutPolicy policy, ScriptedShop shop) {
        return new RxJavaCheckout(policy, shop, scheduler, () -> {});
    }

    private void at(long millis) {
        scheduler.advanceTimeTo(millis, MILLISECONDS);
    }

    @Test
    void retriesATransientFailureAfterTheBackoffDoublingFromFirstBackoff() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3).script("details:o-2",
                failAfter(10, CallFailure.status(503)), failAfter(10, CallFailure.status(503)), answerAfter(10));
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(109);
        assertThat(shop.attempts("details:o-2")).hasSize(1);
        at(110); // failed at 10, then 100 ms
        assertThat(shop.attempts("details:o-2")).hasSize(2);
        at(319);
        assertThat(shop.attempts("details:o-2")).hasSize(2);
        at(320); // failed at 120, then 200 ms
        assertThat(shop.attempts("details:o-2")).extracting(attempt -> attempt.startedAt).containsExactly(0L, 110L, 320L);
        observer.assertNotComplete();

        at(330);
        observer.assertComplete().assertValue(receipt -> receipt.details().equals(
                shop.orders().stream().map(order -> ScriptedShop.detailsOf(order.id())).toList()));
        assertThat(shop.attempts("payment")).extracting(attempt -> attempt.startedAt).containsExactly(330L);
    }

    @Test
    void timesOutEveryAttemptAndGivesUpAfterMaxAttempts() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3).script("user", hang());
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(3299); // 1000 + 100 + 1000 + 200 + 1000
        observer.assertNotComplete().assertNoErrors();
        at(3300);

        observer.assertError(downstream(Step.USER, Kind.TIMEOUT, 3));
        assertThat(shop.attempts("user")).extracting(attempt -> attempt.startedAt).containsExactly(0L, 1100L, 2300L);
        assertThat(shop.attempts("user")).as("each attempt aborted by its timeout")
                .allSatisfy(attempt -> assertThat(attempt.ending).isEqualTo(Ending.DISPOSED));
        assertThat(shop.attempts("orders")).isEmpty();
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3).script("user", failAfter(5, CallFailure.status(404)));
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(5);

        observer.assertError(UserNotFoundException.class);
        at(60_000);
        assertThat(shop.attempts()).extracting(attempt -> attempt.call).containsExactly("user");
    }

    @Test
    void aMalformedAnswerIsNotRetried() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3).script("details:o-1",
                failAfter(5, CallFailure.malformed(new IllegalArgumentException("no totalCents"))));
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(5);

        observer.assertError(downstream(Step.DETAILS, Kind.MALFORMED_RESPONSE, 1));
        at(60_000);
        assertThat(shop.attempts("details:o-1")).hasSize(1);
        assertThat(shop.attempts("payment")).isEmpty();
    }

    @Test
    void thePaymentIsRetriedWithTheSamePaymentRequest() {
        ScriptedShop shop = new ScriptedShop(scheduler, 2).script("payment", failAfter(5, CallFailure.status(503)), answerAfter(5));
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(110);

        observer.assertComplete();
        assertThat(shop.attempts("payment")).extracting(attempt -> attempt.startedAt).containsExactly(0L, 105L);
        assertThat(shop.payments()).hasSize(2).containsOnly(shop.payments().get(0));
    }

    @Test
    void theDeadlineFailsTheCheckoutAndAbortsWhatIsInFlight() {
        CheckoutPolicy policy = POLICY.withMaxAttempts(5).withDeadline(Duration.ofMillis(2500));
        ScriptedShop shop = new ScriptedShop(scheduler, 3).script("details:o-1", hang());
        TestObserver<Receipt> observer = checkout(policy, shop).withDeadline(REQUEST).test();

        at(2499);
        observer.assertNotComplete().assertNoErrors();
        at(2500);

        observer.assertError(DeadlineExceededException.class);
        assertThat(shop.attempts("details:o-1")).extracting(attempt -> attempt.startedAt).containsExactly(0L, 1100L, 2300L);
        assertThat(shop.attempts()).noneMatch(attempt -> attempt.ending == Ending.RUNNING);
        at(60_000);
        assertThat(shop.attempts("details:o-1")).as("no retry after the deadline").hasSize(3);
    }

    @Test
    void theFanOutKeepsTheOrdersOrderWithAtMostDetailsConcurrencyInFlight() {
        ScriptedShop shop = new ScriptedShop(scheduler, 12);
        for (Order order : shop.orders()) {
            int n = Integer.parseInt(order.id().substring(2));
            shop.script("details:" + order.id(), answerAfter(30 + (n * 37L % 90))); // finish out of order
        }
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();

        at(10_000);

        observer.assertComplete();
        assertThat(observer.values().get(0).details()).extracting(details -> details.orderId())
                .containsExactlyElementsOf(shop.orders().stream().map(Order::id).toList());
        assertThat(shop.peakInFlightDetails()).isEqualTo(POLICY.detailsConcurrency());
    }

    /** The benchmark's sliding window fails as the style's own fan-out does. */
    @ParameterizedTest
    @EnumSource(DetailsFanOut.class)
    void theFirstDetailFailureFailsTheCheckoutAtOnceAndAbortsTheOthers(DetailsFanOut fanOut) {
        ScriptedShop shop = new ScriptedShop(scheduler, 6).script("details:o-3", failAfter(50, CallFailure.status(404)));
        for (String hanging : new String[] {"o-1", "o-2", "o-4"}) {
            shop.script("details:" + hanging, hang());
        }
        TestObserver<Receipt> observer = new RxJavaCheckout(POLICY, shop, scheduler, () -> {}, fanOut).withDeadline(REQUEST).test();

        at(50);

        observer.assertError(downstream(Step.DETAILS, Kind.HTTP_ERROR, 1));
        assertThat(shop.attempts()).filteredOn(Attempt::isDetail).extracting(attempt -> attempt.call)
                .as("only the first four started").containsExactly("details:o-1", "details:o-2", "details:o-3", "details:o-4");
        assertThat(shop.attempts()).noneMatch(attempt -> attempt.ending == Ending.RUNNING);
        at(60_000);
        assertThat(shop.attempts()).filteredOn(Attempt::isDetail).hasSize(4);
        assertThat(shop.attempts("payment")).isEmpty();
    }

    @Test
    void disposingTheCheckoutAbortsEveryCallAndStartsNoOther() {
        ScriptedShop shop = new ScriptedShop(scheduler, 6).script("details:o-1", hang()).script("details:o-2",
                failAfter(10, CallFailure.status(503)));
        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();
        at(50); // o-2 failed at 10 and waits for its retry at 110

        observer.dispose();
        scheduler.triggerActions(); // the disposal runs on the checkout's scheduler (unsubscribeOn)

        assertThat(shop.attempts()).noneMatch(attempt -> attempt.ending == Ending.RUNNING);
        int attempts = shop.attempts().size();
        at(60_000);
        assertThat(shop.attempts()).as("no late retry").hasSize(attempts);
    }

    @Test
    void cancellingTheFutureDisposesTheChain() {
        ScriptedShop shop = new ScriptedShop(scheduler, 6).script("details:o-1", hang());
        CompletableFuture<Receipt> future = checkout(POLICY, shop).checkout(REQUEST);
        at(50);

        assertThat(future.cancel(true)).isTrue();
        scheduler.triggerActions();

        assertThat(future).isCancelled();
        assertThat(shop.attempts("details:o-1")).singleElement()
                .satisfies(attempt -> assertThat(attempt.ending).isEqualTo(Ending.DISPOSED));
        at(60_000);
        assertThat(shop.attempts("payment")).isEmpty();
    }

    @Test
    void closeCancelsTheCheckoutsStillRunning() {
        ScriptedShop shop = new ScriptedShop(scheduler, 6).script("details:o-1", hang());
        RxJavaCheckout service = checkout(POLICY, shop);
        CompletableFuture<Receipt> future = service.checkout(REQUEST);
        at(50);

        service.close();
        scheduler.triggerActions();

        assertThat(future).isCancelled();
        assertThat(shop.attempts()).noneMatch(attempt -> attempt.ending == Ending.RUNNING);
        assertThat(service.checkout(REQUEST)).as("a checkout after close").isCompletedExceptionally();
    }

    /**
     * However the caller completes the future, the chain is disposed: completeAsync included, which
     * completes it around complete()'s override (where toCompletionStage's future disposes).
     */
    @ParameterizedTest
    @ValueSource(strings = {"complete", "completeExceptionally", "completeAsync"})
    void completingTheFutureDisposesTheChain(String how) {
        ScriptedShop shop = new ScriptedShop(scheduler, 6).script("details:o-1", hang());
        CompletableFuture<Receipt> future = checkout(POLICY, shop).checkout(REQUEST);
        at(50);

        switch (how) {
            case "complete" -> future.complete(null);
            case "completeExceptionally" -> future.completeExceptionally(new IllegalStateException("the caller's"));
            default -> future.completeAsync(() -> null, Runnable::run);
        }
        scheduler.triggerActions();

        assertThat(shop.attempts("details:o-1")).singleElement()
                .satisfies(attempt -> assertThat(attempt.ending).isEqualTo(Ending.DISPOSED));
        at(60_000);
        assertThat(shop.attempts("payment")).isEmpty();
    }

    /** Tracked for close() before anything runs: a cancel that comes first unqueues the chain unstarted. */
    @Test
    void aCheckoutCancelledBeforeItsChainRanSendsNothing() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3);
        CompletableFuture<Receipt> future = checkout(POLICY, shop).checkout(REQUEST);

        future.cancel(true);
        at(60_000);

        assertThat(shop.attempts()).as("calls of a checkout cancelled before it ran").isEmpty();
    }

    /**
     * A close() that lands as a checkout's first call starts must still find the checkout and cancel
     * it before it releases the client: one it missed keeps a call in flight that nothing aborts.
     */
    @Test
    void aCloseAsTheFirstCallStartsCancelsTheCheckout() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3);
        RxJavaCheckout service = checkout(POLICY, shop);
        AtomicReference<CompletableFuture<Receipt>> checkout = new AtomicReference<>();
        AtomicBoolean cancelledByClose = new AtomicBoolean();
        shop.script("user", doing(() -> {
            service.close();
            cancelledByClose.set(checkout.get() != null && checkout.get().isCancelled());
        }, hang()));

        checkout.set(service.checkout(REQUEST));
        at(60_000);

        assertThat(cancelledByClose).as("the checkout cancelled by the close() that came as its call started").isTrue();
        assertThat(checkout.get()).isCancelled();
        assertThat(shop.attempts()).as("its one call, aborted").singleElement()
                .satisfies(attempt -> assertThat(attempt.ending).isEqualTo(Ending.DISPOSED));
    }

    @Test
    void aCheckoutAskedAfterCloseFailsWithoutACall() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3);
        RxJavaCheckout service = checkout(POLICY, shop);
        service.close();

        CompletableFuture<Receipt> late = service.checkout(REQUEST);
        at(60_000);

        assertThat(late).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isInstanceOf(IllegalStateException.class);
        assertThat(shop.attempts()).isEmpty();
    }

    /** Checked per subscription, not when the Single is made: one made before close() and subscribed after. */
    @Test
    void aCheckoutSubscribedAfterCloseFailsWithoutACall() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3);
        RxJavaCheckout service = checkout(POLICY, shop);
        Single<Receipt> madeBeforeClose = service.withDeadline(REQUEST);
        service.close();

        TestObserver<Receipt> observer = madeBeforeClose.test();
        at(60_000);

        observer.assertError(IllegalStateException.class);
        assertThat(shop.attempts()).isEmpty();
    }

    @Test
    void anInvalidRequestFailsWithoutACall() {
        ScriptedShop shop = new ScriptedShop(scheduler, 3);

        checkout(POLICY, shop).withDeadline(new CheckoutRequest("no spaces", "request-1")).test()
                .assertError(InvalidRequestException.class);
        assertThat(checkout(POLICY, shop).checkout(null)).isCompletedExceptionally();
        assertThat(shop.attempts()).isEmpty();
    }

    @Test
    void aUserWithoutOpenOrdersPaysNothing() {
        ScriptedShop shop = new ScriptedShop(scheduler, 0);

        TestObserver<Receipt> observer = checkout(POLICY, shop).withDeadline(REQUEST).test();
        scheduler.triggerActions();

        observer.assertValue(Receipt.nothingToPay(REQUEST.requestId(), ScriptedShop.USER));
        assertThat(shop.attempts("payment")).isEmpty();
    }

    private static Predicate<Throwable> downstream(Step step, Kind kind, int attempts) {
        return failure -> failure instanceof DownstreamException downstream
                && downstream.step() == step && downstream.kind() == kind && downstream.attempts() == attempts;
    }
}
