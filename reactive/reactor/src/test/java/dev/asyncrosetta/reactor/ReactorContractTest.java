package dev.asyncrosetta.reactor;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

class ReactorContractTest extends CheckoutContract {

    ReactorContractTest() {
        super("reactor");
    }

    /** The event loops run every HTTP completion and the steps after it; the timer runs timeouts, backoffs and deadlines. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }

    /** C34: the future completes on its reactor-netty event loops, or its timer's worker when the deadline fires; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }
}
