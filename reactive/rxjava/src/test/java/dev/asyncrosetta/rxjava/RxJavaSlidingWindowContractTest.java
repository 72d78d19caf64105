package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.contract.CheckoutContract;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * C1-C40 for the sliding-window fan-out the benchmark can ask for: it must behave as the style does,
 * nothing reaching RxJavaPlugins.onError included, on the same threads as RxJavaContractTest
 * declares (JUnit allows a test class one constructor, so this one cannot extend that class with
 * another style).
 */
@ExtendWith(UndeliverableErrors.class)
class RxJavaSlidingWindowContractTest extends CheckoutContract {

    static {
        Schedulers.io(); // RxJava's one-off evictor thread, started before any scenario: see RxJavaContractTest
    }

    RxJavaSlidingWindowContractTest() {
        super(RxJavaStyle.slidingWindow());
    }

    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rxjava-");
    }

    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rxjava-loop-");
    }
}
