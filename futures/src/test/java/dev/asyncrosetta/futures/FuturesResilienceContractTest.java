package dev.asyncrosetta.futures;

import dev.asyncrosetta.contract.ResilienceContract;

class FuturesResilienceContractTest extends ResilienceContract {

    FuturesResilienceContractTest() {
        super("futures");
    }
}
