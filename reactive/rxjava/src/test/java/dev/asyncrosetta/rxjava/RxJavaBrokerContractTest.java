package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.contract.BrokerContract;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rxjava style paying through the broker: M1-M13, each also failing if anything reached RxJavaPlugins.onError meanwhile. */
@ExtendWith(UndeliverableErrors.class)
class RxJavaBrokerContractTest extends BrokerContract {

    static {
        // As in RxJavaContractTest: RxJava's global io() evictor thread starts once per JVM when its
        // Schedulers class loads; loaded here, M6 does not take it for one the service started.
        Schedulers.io();
    }

    RxJavaBrokerContractTest() {
        super("rxjava");
    }

    /** The service's one thread, as over HTTP; the publishing and outcome threads (broker-...) may block, by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("rxjava-");
    }

    /** The service loop: acknowledgements, outcomes and the deadline are signalled there, never on Kafka's threads. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("rxjava-loop-");
    }
}
