package dev.asyncrosetta.vertx;

import io.vertx.core.Future;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one checkout has running: its HTTP requests and its timers (backoffs, the deadline). A
 * Vert.x future cannot be cancelled, and failing it would leave its request running, so whatever
 * starts work that must stop with the checkout leaves here how to stop it. Only the checkout's context ever touches this
 * object, one event at a time: plain fields, no locks, no atomics.
 */
final class InFlight {
    private final Vertx vertx;
    private final Set<Runnable> stops = new HashSet<>();
    private boolean aborted;

    InFlight(Vertx vertx) {
        this.vertx = vertx;
    }

    // side-by-side: begin cancellation
    /**
     * Starts the work unless the checkout was aborted. Work that throws instead of failing its future
     * (a bug, or Vert.x refusing a request on a client being closed) fails its future all the same:
     * thrown in a context task, it would escape every future and leave the checkout undecided.
     */
    <T> Future<T> start(Supplier<Future<T>> work) {
        if (aborted) return Future.failedFuture(new CancellationException("checkout aborted"));
        try {
            return work.get();
        } catch (RuntimeException thrown) {
            return Future.failedFuture(thrown);
        }
    }

    /** Keeps how to stop the work until the work completes; {@link #abort()} runs it. */
    <T> Future<T> track(Future<T> work, Runnable stop) {
        if (aborted) {
            stop.run();
            return work;
        }
        stops.add(stop);
        work.onComplete(done -> stops.remove(stop));
        return work;
    }
    // side-by-side: end cancellation

    // side-by-side: begin retries
    /** Completes after the delay, on a timer of the current (the checkout's) context; aborting cancels it. */
    Future<Void> delay(Duration delay) {
        return start(() -> {
            Timer timer = vertx.timer(delay.toMillis(), TimeUnit.MILLISECONDS);
            return track(timer, timer::cancel);
        });
    }
    // side-by-side: end retries

    // side-by-side: begin cancellation
    /** Stops everything still running; nothing starts after this. */
    void abort() {
        aborted = true;
        List<Runnable> running = List.copyOf(stops);
        stops.clear();
        running.forEach(Runnable::run);
    }
    // side-by-side: end cancellation
}
