package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The virtual-threads style paying through the broker: M1-M13 (M8 does not apply: it blocks by design). */
class VirtualThreadsBrokerContractTest extends BrokerContract {

    VirtualThreadsBrokerContractTest() {
        super("virtual-threads");
    }

    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> false;
    }

    @Override
    public boolean blocksByDesign() {
        return true;
    }

    /** The checkout's own virtual thread, or the one that fires deadlines. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.isVirtual() && thread.getName().startsWith("loom-");
    }
}
