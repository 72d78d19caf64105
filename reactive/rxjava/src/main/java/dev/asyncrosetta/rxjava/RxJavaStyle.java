package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code rxjava} style, found through ServiceLoader. */
public final class RxJavaStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "rxjava";
    }

    @Override
    public String summary() {
        return "An RxJava 3 Single chain over a cancellable bridge to java.net.http.HttpClient.sendAsync, on its own threads";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return RxJavaCheckout.open(shopBaseUri, policy);
    }

    /** Named daemon threads, so a thread dump (and the contract's C17 and C19) can tell whose they are. */
    static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
