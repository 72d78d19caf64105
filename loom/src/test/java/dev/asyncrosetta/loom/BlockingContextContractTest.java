package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.ContextContract;

/** The blocking style carrying the caller's trace context: C36-C38. */
class BlockingContextContractTest extends ContextContract {

    BlockingContextContractTest() {
        super("blocking");
    }
}
