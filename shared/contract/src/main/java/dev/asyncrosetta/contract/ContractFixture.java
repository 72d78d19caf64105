package dev.asyncrosetta.contract;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import java.net.URI;
import java.time.Duration;
import java.util.function.Predicate;

/** What every group of scenarios needs from the test class; {@link CheckoutContract} provides it. */
public interface ContractFixture {

    /** The policy most scenarios use; each scenario changes only what it is about. */
    CheckoutPolicy BASE = new CheckoutPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofMillis(50), 4);

    /** The shop of this test class; reset (faults, latency, ledger) after every test. */
    ShopBackend shop();

    /** Opens the style under test against the shop; the fixture closes it after the test. */
    CheckoutService open(CheckoutPolicy policy);

    /** Opens the style under test against another address (one nobody listens on, say). */
    CheckoutService open(URI shopBaseUri, CheckoutPolicy policy);

    /** A request id no other test uses, so the ledger can be read per test. */
    String newRequestId(String scenario);

    /** Threads the style created to run continuations on; C17 checks that none of them blocks. */
    Predicate<Thread> nonBlockingThreads();

    /**
     * The threads on which the style completes the future {@code checkout} returns, and so where a
     * caller's non-async callbacks ({@code thenApply}, {@code whenComplete}) run: the style's event
     * loop, workers or timer. C34 checks the style keeps to what it declares; the style's contract
     * test says it in its javadoc, for the reader who must not block there.
     */
    Predicate<Thread> completingThreads();

    /**
     * True for a style whose model is blocking (a thread per checkout that waits in send, sleep and
     * join): C17 does not apply to it, and the conformance matrix says so instead of showing a pass
     * that nothing could have failed.
     */
    default boolean blocksByDesign() {
        return false;
    }

    /** How many live threads the style may add under C18's load. */
    int threadBound();
}
