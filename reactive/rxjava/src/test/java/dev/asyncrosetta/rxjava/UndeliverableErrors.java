package dev.asyncrosetta.rxjava;

import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test if anything reached {@code RxJavaPlugins.onError} while it ran: an error with no one
 * left to receive it (after a cancel or a timeout) that RxJava would otherwise print and hand to the
 * thread's uncaught exception handler. The check runs after the test class's own {@code @AfterEach}
 * methods, so it also covers whatever arrives while the services are being closed.
 */
public final class UndeliverableErrors implements BeforeEachCallback, AfterEachCallback {
    private static final List<Throwable> RECEIVED = new CopyOnWriteArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        RECEIVED.clear();
        RxJavaPlugins.setErrorHandler(RECEIVED::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RxJavaPlugins.setErrorHandler(null);
        List<Throwable> received = List.copyOf(RECEIVED);
        RECEIVED.clear();
        if (!received.isEmpty()) {
            AssertionError failure = new AssertionError("errors reached RxJavaPlugins.onError: " + received);
            received.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /**
     * Takes what has arrived so far in the running test, so that a test expecting an undeliverable
     * error (to show the handler catches one) can check it instead of failing.
     */
    public static List<Throwable> take() {
        List<Throwable> received = List.copyOf(RECEIVED);
        RECEIVED.removeAll(received);
        return received;
    }
}
