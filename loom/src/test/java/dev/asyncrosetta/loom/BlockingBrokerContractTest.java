package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The blocking style paying through the broker: M1-M13 (M8 does not apply: it blocks by design). */
class BlockingBrokerContractTest extends BrokerContract {

    BlockingBrokerContractTest() {
        super("blocking");
    }

    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> false;
    }

    /**
     * M9: thread-per-request fills its pools under load, as over HTTP (C18); the broker adds the
     * producer's I/O thread and the outcome listener, within the same allowance.
     */
    @Override
    public int threadBound() {
        return new BlockingStyle().platformThreads() + BlockingContractTest.JDK_ALLOWANCE;
    }

    @Override
    public boolean blocksByDesign() {
        return true;
    }

    /** A request thread, or the deadline thread. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("blocking-");
    }
}
