package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.contract.CheckoutContract;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every contract scenario, each also failing if anything reached RxJavaPlugins.onError meanwhile. */
@ExtendWith(UndeliverableErrors.class)
class RxJavaContractTest extends CheckoutContract {

    static {
        // Loading RxJava's Schedulers class starts its global io() evictor thread, once per JVM and for
        // the JVM's lifetime, whether or not io() is used; the style's Schedulers.from(...) loads it.
        // Loaded here, it is there before any scenario, so C19 (run alone too) sees the threads the
        // service itself starts, not RxJava's one-off class initialisation.
        Schedulers.io();
    }

    RxJavaContractTest() {
        super("rxjava");
    }

    /** The service's one thread: the HTTP client completes every call there, and every timer fires there. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rxjava-");
    }

    /** C34: the future completes on its one service loop thread, for every outcome; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rxjava-loop-");
    }
}
