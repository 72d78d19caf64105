package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

class CallbacksContractTest extends CheckoutContract {

    CallbacksContractTest() {
        super("callbacks");
    }

    /** Jetty's pool threads run the selector and every callback; the timer runs timeouts, retries and deadlines. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("callbacks-");
    }

    /** C34: the future completes on Jetty's client threads, or its timer when the deadline fires; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("callbacks-");
    }
}
