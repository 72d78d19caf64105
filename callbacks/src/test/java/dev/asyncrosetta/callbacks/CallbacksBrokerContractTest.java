package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The callbacks style paying through the broker: M1-M13. */
class CallbacksBrokerContractTest extends BrokerContract {

    CallbacksBrokerContractTest() {
        super("callbacks");
    }

    /** Jetty's threads and the timer, as in CallbacksContractTest; the publishing and outcome threads (broker-...) may block, by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("callbacks-");
    }

    /** Jetty's threads (an acknowledgement or an outcome hops onto them), or the timer at a call timeout or the deadline. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("callbacks-");
    }
}
