package dev.asyncrosetta.callbacks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The complete-exactly-once guard: the first report, success or failure, goes through to the target
 * and every later one is dropped. Callbacks have no such rule of their own, and a checkout has
 * several reporters racing for its outcome: the last step, a failing detail call, the deadline, the
 * caller's cancel.
 */
final class Once<T> implements Callback<T> {
    private final AtomicBoolean reported = new AtomicBoolean();
    private final Callback<T> target;

    Once(Callback<T> target) {
        this.target = target;
    }

    @Override
    public void success(T value) {
        if (reported.compareAndSet(false, true)) {
            target.success(value);
        }
    }

    @Override
    public void failure(Throwable failure) {
        if (reported.compareAndSet(false, true)) {
            target.failure(failure);
        }
    }

    /** True once a report has gone through. */
    boolean isDone() {
        return reported.get();
    }
}
