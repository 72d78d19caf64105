package dev.asyncrosetta.model;

import java.util.concurrent.CompletableFuture;

/**
 * The workflow behind one interface, whatever the style: fetch the user, their open orders, the
 * details of every order, then take the payment.
 *
 * <p>{@link #checkout} never throws. Every failure, bad input included, is a failed future whose
 * cause is a {@link CheckoutException}, or a {@link java.util.concurrent.CancellationException}
 * after the caller cancelled or closed the service. {@code cancel(true)} on the returned future stops the workflow and
 * aborts the HTTP calls it has in flight.
 */
public interface CheckoutService extends AutoCloseable {

    CompletableFuture<Receipt> checkout(CheckoutRequest request);

    /**
     * Cancels every checkout still in flight, as {@code cancel(true)} on its future would (its calls
     * are aborted, its caller sees a CancellationException), then releases every client, thread and
     * event loop this service made. It does not wait for those checkouts to finish. Calling it again
     * does nothing more; a checkout asked for afterwards fails with an IllegalStateException.
     */
    @Override
    void close();
}
