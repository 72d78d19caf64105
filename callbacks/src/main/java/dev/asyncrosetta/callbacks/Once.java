package dev.asyncrosetta.callbacks;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Promise;

/**
 * The complete-exactly-once guard: the first report, success or failure, goes through to the target
 * and every later one is dropped. A {@link Promise} expects to be completed once but nothing in the
 * type enforces it, and a checkout has several reporters racing for its outcome: the last step, a
 * failing detail call, the deadline, the caller's cancel. Jetty's {@link Promise.Completable} would
 * enforce it, but it is a CompletableFuture: the futures style's tool. This style writes the guard
 * out, because showing what plain callbacks need is its point.
 */
final class Once<T> implements Promise<T> {
    private final AtomicBoolean reported = new AtomicBoolean();
    private final Promise<T> target;

    Once(Promise<T> target) {
        this.target = target;
    }

    @Override
    public void succeeded(T value) {
        if (reported.compareAndSet(false, true)) {
            target.succeeded(value);
        }
    }

    @Override
    public void failed(Throwable failure) {
        if (reported.compareAndSet(false, true)) {
            target.failed(failure);
        }
    }

    /** True once a report has gone through. */
    boolean isDone() {
        return reported.get();
    }
}
