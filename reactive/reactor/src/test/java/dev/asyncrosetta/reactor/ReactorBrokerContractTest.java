package dev.asyncrosetta.reactor;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The reactor style paying through the broker: M1-M13. */
class ReactorBrokerContractTest extends BrokerContract {

    ReactorBrokerContractTest() {
        super("reactor");
    }

    /** The event loops and the timer, as over HTTP; the publishing and outcome threads (broker-...) may block, by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }

    /** The event loops, or the timer: acknowledgements, outcomes and the deadline are signalled there, never on Kafka's threads. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rosetta-reactor-");
    }
}
