package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.contract.ResilienceContract;

class CallbacksResilienceContractTest extends ResilienceContract {

    CallbacksResilienceContractTest() {
        super("callbacks");
    }
}
