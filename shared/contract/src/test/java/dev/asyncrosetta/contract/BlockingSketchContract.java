package dev.asyncrosetta.contract;

import dev.asyncrosetta.model.CheckoutStyle;
import java.util.function.Predicate;

/**
 * The contract for a sketch style: a thread per checkout and blocking calls, so it declares no thread
 * non-blocking, and blocks by design. Each sketch names the threads that complete its futures.
 */
abstract class BlockingSketchContract extends CheckoutContract {
    private final Predicate<Thread> completing;

    BlockingSketchContract(CheckoutStyle sketch, Predicate<Thread> completing) {
        super(sketch);
        this.completing = completing;
    }

    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> false;
    }

    @Override
    public boolean blocksByDesign() {
        return true;
    }

    @Override
    public Predicate<Thread> completingThreads() {
        return completing;
    }
}
