package dev.asyncrosetta.bench;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The callbacks style's building block, as small as it gets: a callback, and a value that will be
 * known later and calls back whoever asked for it. The pending value is safe across threads (one
 * compare-and-set to register, one to complete), as a real asynchronous source must be: the futures
 * benchmarked beside it pay for the same.
 */
interface Callback<T> {

    void success(T value);

    void failure(Throwable failure);

    /** A value known later; its callback runs on the thread that completes it, or at once if already known. */
    final class Pending<T> {
        private static final Object EMPTY = new Object();

        /** EMPTY, then either the callback waiting for the value or the value waiting for a callback. */
        private final AtomicReference<Object> state = new AtomicReference<>(EMPTY);

        @SuppressWarnings("unchecked")
        void whenDone(Callback<T> callback) {
            Object current = state.get();
            if (current == EMPTY && state.compareAndSet(EMPTY, callback)) return;
            callback.success((T) state.get());
        }

        @SuppressWarnings("unchecked")
        void complete(T value) {
            Object current = state.get();
            if (current == EMPTY && state.compareAndSet(EMPTY, value)) return;
            ((Callback<T>) current).success(value);
        }
    }
}
