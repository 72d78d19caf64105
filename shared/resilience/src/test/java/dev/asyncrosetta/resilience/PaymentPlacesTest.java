package dev.asyncrosetta.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.BulkheadPolicy;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CircuitBreakerPolicy;
import dev.asyncrosetta.model.CircuitOpenException;
import dev.asyncrosetta.model.OverloadedException;
import dev.asyncrosetta.model.PaymentBulkheadFullException;
import dev.asyncrosetta.model.AdmissionPolicy;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PaymentPlacesTest {
    /** Timers fired by the test, in the order scheduled. */
    private final List<Runnable> timers = new ArrayList<>();
    private final PaymentPlaces.Timer manual = (delay, task) -> {
        timers.add(task);
        return () -> timers.remove(task);
    };

    private PaymentPlaces places(int count, Duration maxWait) {
        return Protections.of(CheckoutPolicy.defaults().withBulkhead(new BulkheadPolicy(count, maxWait))).paymentPlaces(manual);
    }

    @Test
    void aFreedPlaceGoesToTheOldestWaiter() {
        PaymentPlaces places = places(1, Duration.ofSeconds(5));
        assertThat(places.take()).isCompleted();
        CompletableFuture<Void> first = places.take();
        CompletableFuture<Void> second = places.take();
        assertThat(first).isNotDone();

        places.release();

        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat(places.inUse()).isEqualTo(1);
    }

    @Test
    void aWaiterFailsWhenItsWaitIsUpAndLeavesNoPlaceTaken() {
        PaymentPlaces places = places(1, Duration.ofSeconds(5));
        places.take();
        CompletableFuture<Void> waiter = places.take();

        timers.get(0).run();

        assertThat(waiter).isCompletedExceptionally();
        assertThat(waiter.handle((ok, failure) -> failure).join()).isInstanceOf(BulkheadFullException.class);
        places.release();
        assertThat(places.inUse()).isZero();
        assertThat(timers).isEmpty();
    }

    @Test
    void aWaiterThatGaveUpPassesThePlaceOn() {
        PaymentPlaces places = places(1, Duration.ofSeconds(5));
        places.take();
        CompletableFuture<Void> gaveUp = places.take();
        CompletableFuture<Void> next = places.take();
        gaveUp.cancel(true);

        places.release();

        assertThat(next).isCompleted();
        assertThat(places.inUse()).isEqualTo(1);
    }

    @Test
    void leavingGivesBackOnlyAPlaceThatWasHanded() {
        PaymentPlaces places = places(1, Duration.ofSeconds(5));
        CompletableFuture<Void> held = places.take();
        CompletableFuture<Void> waiting = places.take();
        places.leave(waiting);
        assertThat(places.inUse()).isEqualTo(1);
        places.leave(held);
        assertThat(places.inUse()).isZero();
    }

    @Test
    void withoutAWaitAFullBulkheadRefusesAtOnce() {
        PaymentPlaces places = places(1, Duration.ZERO);
        places.take();
        assertThat(places.take()).isCompletedExceptionally();
        assertThat(timers).isEmpty();
    }

    @Test
    void rejectionsAreMappedIntoTheFamily() {
        Protections protections = Protections.of(CheckoutPolicy.defaults()
                .withCircuitBreaker(new CircuitBreakerPolicy(50, 2, 2, Duration.ofSeconds(1), 1))
                .withBulkhead(BulkheadPolicy.rejecting(1))
                .withAdmission(new AdmissionPolicy(1)));
        CircuitBreaker breaker = protections.circuitBreaker();
        assertThat(protections.paymentRejection(CallNotPermittedException.createCallNotPermittedException(breaker)))
                .isInstanceOf(CircuitOpenException.class);
        assertThat(protections.paymentRejection(BulkheadFullException.createBulkheadFullException(protections.paymentBulkhead())))
                .isInstanceOf(PaymentBulkheadFullException.class);
        assertThat(protections.admissionRejection(BulkheadFullException.createBulkheadFullException(protections.admission())))
                .isInstanceOf(OverloadedException.class);
    }

    @Test
    void protectionsLeftOffLetEverythingThrough() {
        Protections off = Protections.of(CheckoutPolicy.defaults());
        for (int i = 0; i < 1_000; i++) {
            assertThat(off.circuitBreaker().tryAcquirePermission()).isTrue();
            off.circuitBreaker().onError(0, java.util.concurrent.TimeUnit.NANOSECONDS, dev.asyncrosetta.model.CallFailure.status(503));
            assertThat(off.paymentBulkhead().tryAcquirePermission()).isTrue();
            assertThat(off.admission().tryAcquirePermission()).isTrue();
        }
    }
}
