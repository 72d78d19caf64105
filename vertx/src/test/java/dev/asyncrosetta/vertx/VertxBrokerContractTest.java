package dev.asyncrosetta.vertx;

import dev.asyncrosetta.contract.BrokerContract;
import java.util.function.Predicate;

/** The vertx style paying through the broker: M1-M13. */
class VertxBrokerContractTest extends BrokerContract {

    VertxBrokerContractTest() {
        super("vertx");
    }

    /** The event loops, as in VertxContractTest; the producer's worker and the Kafka threads may block, by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("vert.x-eventloop-thread-");
    }

    /** The event loop of the checkout's context: an acknowledgement, an outcome and every timer complete there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("vert.x-eventloop-thread-");
    }
}
