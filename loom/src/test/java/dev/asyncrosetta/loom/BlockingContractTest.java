package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

class BlockingContractTest extends CheckoutContract {
    /** A little room for threads the JDK itself may start while the load runs. */
    static final int JDK_ALLOWANCE = 8;

    BlockingContractTest() {
        super("blocking");
    }

    /** None: blocking is this style's model. Its threads block in send, sleep and join by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> false;
    }

    /** C17 does not apply: with no non-blocking thread to watch, it could only pass vacuously. */
    @Override
    public boolean blocksByDesign() {
        return true;
    }

    /** C18: thread-per-request fills its pools under load; they are the bound it declares. */
    @Override
    public int threadBound() {
        return new BlockingStyle().platformThreads() + JDK_ALLOWANCE;
    }

    /** C34: the future completes on its platform threads: a request thread, or its deadline thread; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("blocking-");
    }
}
