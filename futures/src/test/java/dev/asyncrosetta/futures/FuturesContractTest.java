package dev.asyncrosetta.futures;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

class FuturesContractTest extends CheckoutContract {

    FuturesContractTest() {
        super("futures");
    }

    /** The workers run every continuation (the HTTP client completes on them); the timer runs retries and deadlines. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("futures-");
    }

    /** C34: the future completes on its workers, or its timer when the deadline fires; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("futures-");
    }
}
