package dev.asyncrosetta.futures;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The {@code futures} style, found through ServiceLoader. */
public final class FuturesStyle implements CheckoutStyle {

    @Override
    public String name() {
        return "futures";
    }

    @Override
    public String summary() {
        return "CompletableFuture composition over java.net.http.HttpClient.sendAsync, on its own executor";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new FuturesCheckout(shopBaseUri, policy);
    }

    /**
     * Named daemon threads, so a thread dump (and the contract's C17 and C19) can tell whose they
     * are; each is also handed to {@code made}, so the service can tell its own threads.
     */
    static ThreadFactory threads(String prefix, Consumer<Thread> made) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            made.accept(thread);
            return thread;
        };
    }
}
