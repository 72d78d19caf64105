package dev.asyncrosetta.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The payment bulkhead's bounded wait without a blocked thread, for the styles whose threads must
 * never block (an event loop, Reactor's and RxJava's schedulers, the futures workers). Resilience4j's
 * SemaphoreBulkhead waits by parking the caller in {@code Semaphore.tryAcquire(timeout)}, and its
 * ThreadPoolBulkhead bounds the threads a call runs on, not an asynchronous call's time in flight; so
 * the places stay Resilience4j's (a bulkhead with no wait of its own, whose
 * {@code tryAcquirePermission} and {@code onComplete} never block) and the wait is a queue of
 * futures: a place that comes free goes to the oldest waiter, and a waiter still waiting when its
 * time is up fails with Resilience4j's {@link BulkheadFullException}, on the style's own timer.
 */
public final class PaymentPlaces {

    /** The style's timer: runs the task after the delay, on a thread of the style's; the returned Runnable cancels it. */
    @FunctionalInterface
    public interface Timer {
        Runnable schedule(Duration delay, Runnable task);
    }

    private final Bulkhead places;
    private final Duration maxWait;
    private final Timer timer;
    private final Queue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();

    PaymentPlaces(Bulkhead places, Duration maxWait, Timer timer) {
        this.places = places;
        this.maxWait = maxWait;
        this.timer = timer;
    }

    /**
     * A place, now or once one comes free within the wait; every place taken must be given back with
     * {@link #release}. Cancelling the returned future while it waits gives up the wait; a place it was
     * handed meanwhile goes to the next waiter.
     */
    public CompletableFuture<Void> take() {
        if (places.tryAcquirePermission()) {
            return CompletableFuture.completedFuture(null);
        }
        if (maxWait.isZero()) {
            return CompletableFuture.failedFuture(BulkheadFullException.createBulkheadFullException(places));
        }
        CompletableFuture<Void> place = new CompletableFuture<>();
        Runnable cancelTimeout = timer.schedule(maxWait, () -> place.completeExceptionally(BulkheadFullException.createBulkheadFullException(places)));
        place.whenComplete((taken, failure) -> {
            cancelTimeout.run();
            waiting.remove(place);
        });
        waiting.add(place);
        handOverFreePlaces(); // a place freed between the refusal above and joining the queue
        return place;
    }

    /**
     * Gives a place back, to the oldest waiter if there is one. Not on an interrupted thread: Resilience4j's
     * tryAcquirePermission refuses one (its Semaphore wait throws), so the place would stay free with a waiter waiting.
     */
    public void release() {
        places.onComplete();
        handOverFreePlaces();
    }

    /**
     * However the one who took {@code place} is done with it: gives up its wait if it still waits, or
     * gives back the place it was handed; a wait that failed holds nothing. For a style whose
     * cleanup runs once whatever happened (RxJava's {@code using}).
     */
    public void leave(CompletableFuture<Void> place) {
        place.cancel(false);
        if (!place.isCompletedExceptionally()) {
            release();
        }
    }

    /** Places in use right now: for tests. */
    int inUse() {
        return places.getBulkheadConfig().getMaxConcurrentCalls() - places.getMetrics().getAvailableConcurrentCalls();
    }

    private void handOverFreePlaces() {
        while (!waiting.isEmpty() && places.tryAcquirePermission()) {
            CompletableFuture<Void> next = waiting.poll();
            if (next == null || !next.complete(null)) {
                places.onComplete(); // nobody took it (the waiter timed out or gave up): it stays free
            }
        }
    }
}
