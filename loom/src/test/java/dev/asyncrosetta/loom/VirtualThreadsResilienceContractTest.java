package dev.asyncrosetta.loom;

import dev.asyncrosetta.contract.ResilienceContract;

class VirtualThreadsResilienceContractTest extends ResilienceContract {

    VirtualThreadsResilienceContractTest() {
        super("virtual-threads");
    }
}
