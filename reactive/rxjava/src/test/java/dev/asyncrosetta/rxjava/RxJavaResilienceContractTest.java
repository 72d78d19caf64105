package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.contract.ResilienceContract;

class RxJavaResilienceContractTest extends ResilienceContract {

    RxJavaResilienceContractTest() {
        super("rxjava");
    }
}
