package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code callbacks} style, found through ServiceLoader. */
public final class CallbacksStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "callbacks";
    }

    @Override
    public String summary() {
        return "Nested callbacks over Jetty's non-blocking HttpClient, with the guards, counters and timers that keep them correct";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        ScheduledThreadPoolExecutor timer = newTimer();
        try {
            return new CallbacksCheckout(policy, new CallbacksShopClient(shopBaseUri, policy.callTimeout(), timer), timer);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    // side-by-side: begin threads
    /** One thread for every timer of the style: Jetty's request timeouts, the backoffs, the deadlines. */
    static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads("callbacks-timer-"));
        timer.setRemoveOnCancelPolicy(true); // most timers are cancelled early and must not pile up in the queue
        return timer;
    }
    // side-by-side: end threads

    /** Named daemon threads, so a thread dump (and the contract's C17 and C19) can tell whose they are. */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
