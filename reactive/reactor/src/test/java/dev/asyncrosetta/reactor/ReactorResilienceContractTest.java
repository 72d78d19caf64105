package dev.asyncrosetta.reactor;

import dev.asyncrosetta.contract.ResilienceContract;

class ReactorResilienceContractTest extends ResilienceContract {

    ReactorResilienceContractTest() {
        super("reactor");
    }
}
