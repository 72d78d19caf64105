package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.ContextContract;

/** The virtual-threads style carrying the caller's trace context: C36-C38. */
class VirtualThreadsContextContractTest extends ContextContract {

    VirtualThreadsContextContractTest() {
        super("virtual-threads");
    }
}
