package dev.asyncrosetta.reactor;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

/**
 * C1-C40 for the sliding-window fan-out the benchmark can ask for: it must behave as the style does,
 * on the same threads as ReactorContractTest declares (JUnit allows a test class one constructor, so
 * this one cannot extend that class with another style).
 */
class ReactorSlidingWindowContractTest extends CheckoutContract {

    ReactorSlidingWindowContractTest() {
        super(ReactorStyle.slidingWindow());
    }

    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }

    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }
}
