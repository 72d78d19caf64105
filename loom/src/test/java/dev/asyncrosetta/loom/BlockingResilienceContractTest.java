package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.ResilienceContract;

/**
 * The blocking style with pools smaller than R4's 50 paying checkouts, so that a request pool those
 * payments could hold would be full, and R4 shows it is not: they hold payment threads only.
 */
class BlockingResilienceContractTest extends ResilienceContract {
    private static final int POOL_SIZE = 16;
    private static final BlockingStyle STYLE = new BlockingStyle(POOL_SIZE, POOL_SIZE, 64);

    BlockingResilienceContractTest() {
        super(STYLE);
    }

    /** Thread-per-request fills its pools under load; they are the bound it declares. */
    @Override
    public int threadBound() {
        return STYLE.platformThreads() + 8;
    }
}
