package dev.asyncrosetta.vertx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientRequest;
import java.util.function.Function;

/**
 * One HTTP exchange that can be stopped at any point of its life: while it waits for a pooled
 * connection, once it has one but has not written its request, or while its answer arrives. Vert.x
 * hands out an {@link HttpClientRequest} only once a connection is free, and runs a future's
 * listeners in the order they were added, so a reset registered on that future after the send would
 * run after the request was written: a stopped exchange must check before it sends, not rely on the
 * reset. Used on one context only (the checkout's), like everything of a checkout: plain fields.
 *
 * @param <T> what the exchange yields once its answer has arrived
 */
final class Exchange<T> {
    private final Future<HttpClientRequest> opened;
    private final Promise<T> outcome = Promise.promise();
    private Throwable stopped;

    // side-by-side: begin cancellation
    /** Starts the exchange: once {@code opened} has a request, {@code writeAndRead} writes it and reads its answer. */
    Exchange(Future<HttpClientRequest> opened, Function<HttpClientRequest, Future<T>> writeAndRead) {
        this.opened = opened;
        opened.compose(request -> {
                    // Vert.x fails the response with every failure of the request, and that is where the
                    // exchange learns of it; without a handler here it would also log the failure as
                    // unhandled (the reset of a request never sent, for one).
                    request.exceptionHandler(reportedByTheResponse -> {});
                    return stopped == null ? writeAndRead.apply(request) : Future.<T>failedFuture(stopped);
                })
                .onComplete(outcome::tryComplete, outcome::tryFail);
    }

    /** The exchange's result, or why it failed or was stopped. */
    Future<T> outcome() {
        return outcome.future();
    }

    /**
     * Fails the exchange with {@code reason} at once, whatever it is waiting for, and ends it on the
     * wire: a request not written yet never is (the constructor's compose sees {@code stopped}), and resetting
     * the request frees its place in the pool, or closes its HTTP/1.1 connection once it was sent, so
     * the shop sees the call end. Stopping an exchange that already ended does nothing.
     */
    void stop(Throwable reason) {
        if (outcome.tryFail(reason)) {
            stopped = reason;
            opened.onSuccess(request -> request.reset(0, reason));
        }
    }
    // side-by-side: end cancellation
}
