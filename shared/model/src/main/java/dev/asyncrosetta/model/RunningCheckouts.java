package dev.asyncrosetta.model;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checkouts a service has handed out and not yet seen end, for the {@link CheckoutService#close}
 * every style owes: closing cancels each of them as its caller's {@code cancel(true)} would, and a
 * checkout asked for afterwards is refused. Styles whose checkouts are CompletableFutures all keep
 * this same bookkeeping, so it lives here once.
 */
public final class RunningCheckouts {
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** What a checkout asked of a closed service fails with. */
    public static IllegalStateException closedService() {
        return new IllegalStateException("the checkout service is closed");
    }

    /** Whether {@link #cancelAll} has run: a style checks this before it starts any work. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Keeps the checkout until it completes, and returns it. A close that ran meanwhile, after the
     * style's {@link #isClosed} check and before this, could not see it: it is cancelled here.
     */
    public <T> CompletableFuture<T> track(CompletableFuture<T> checkout) {
        running.add(checkout);
        checkout.whenComplete((value, failure) -> running.remove(checkout));
        if (closed) {
            checkout.cancel(true);
        }
        return checkout;
    }

    /** Cancels every checkout still running and refuses new ones; true only for the first call. */
    public synchronized boolean cancelAll() {
        if (closed) {
            return false;
        }
        closed = true;
        running.forEach(checkout -> checkout.cancel(true));
        return true;
    }
}
