package dev.asyncrosetta.vertx;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;

class VertxContractTest extends CheckoutContract {

    VertxContractTest() {
        super("vertx");
    }

    /**
     * Every continuation runs on a Vert.x event loop. Netty's BlockHound integration already covers
     * them (they are FastThreadLocalThreads that do not permit blocking; EventLoopBlockingTest proves
     * it); declared anyway, so C17 does not depend on that integration being on the class path.
     */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> thread.getName().startsWith("vert.x-eventloop-thread-");
    }

    /** C34: the future completes on the Vert.x event loop of the checkout's context, for every outcome; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.getName().startsWith("vert.x-eventloop-thread-");
    }
}
