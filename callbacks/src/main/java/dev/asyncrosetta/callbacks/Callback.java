package dev.asyncrosetta.callbacks;

import java.util.function.Consumer;

/**
 * Where an asynchronous call reports how it ended: once, by success or by failure. Nothing in the
 * type enforces "once", which is why the workflow puts a {@link Once} guard wherever two reports
 * could race.
 */
public interface Callback<T> {

    void success(T value);

    void failure(Throwable failure);

    /** A callback from two lambdas; the pyramid's levels are written with it. */
    static <T> Callback<T> of(Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        return new Callback<>() {
            @Override
            public void success(T value) {
                onSuccess.accept(value);
            }

            @Override
            public void failure(Throwable failure) {
                onFailure.accept(failure);
            }
        };
    }
}
