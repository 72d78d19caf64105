package dev.asyncrosetta.futures;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The futures style paying through the broker: M1-M13. */
class FuturesBrokerContractTest extends BrokerContract {

    FuturesBrokerContractTest() {
        super("futures");
    }

    /** The workers and the timer; the publishing and outcome threads (broker-...) may block, by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("futures-");
    }

    /** The workers (an acknowledgement or an outcome is handed to them), or the timer at a call timeout or the deadline. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("futures-");
    }
}
