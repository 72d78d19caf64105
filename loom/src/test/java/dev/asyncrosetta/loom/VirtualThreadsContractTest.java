package dev.asyncrosetta.loom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asyncrosetta.contract.CheckoutContract;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

class VirtualThreadsContractTest extends CheckoutContract {
    private PinningRecording pinning;

    VirtualThreadsContractTest() {
        super("virtual-threads");
    }

    /** Recording starts after the contract's warm-up checkout and covers every scenario. */
    @BeforeAll
    void recordPinning() {
        pinning = PinningRecording.start();
    }

    /** None: blocking is this style's model. Its virtual threads block in send, sleep and join by design. */
    @Override
    public Predicate<Thread> nonBlockingThreads() {
        return thread -> false;
    }

    /** C17 does not apply: with no non-blocking thread to watch, it could only pass vacuously. */
    @Override
    public boolean blocksByDesign() {
        return true;
    }

    /**
     * What JFR saw from the first checkout to the last. The JDK loading or initializing a class on
     * first use, with a virtual thread waiting for it, still pins (JEP 491 left that case); the
     * assertion lists those it tolerates, and nothing else may pin.
     */
    @Test
    @Order(20)
    @DisplayName("no virtual thread pinned its carrier during the contract run")
    void noPinning() {
        PinningRecording.Seen seen = pinning.stop();

        assumeTrue(seen.virtualThreadsStarted() > 0, "no virtual thread ran while recording");
        assertThat(seen.beyondClassLoading())
                .as("pins among %d virtual threads, besides these %d while the JDK loaded classes on first use: %s",
                        seen.virtualThreadsStarted(), seen.whileLoadingClasses().size(), seen.whileLoadingClasses())
                .isEmpty();
    }

    @AfterAll
    void closeRecording() {
        pinning.close();
    }

    /** C34: the future completes on the checkout's own virtual thread, or the virtual thread that fires deadlines; a caller must not block in a non-async callback there. */
    @Override
    public Predicate<Thread> completingThreads() {
        return thread -> thread.isVirtual() && thread.getName().startsWith("loom-");
    }
}
