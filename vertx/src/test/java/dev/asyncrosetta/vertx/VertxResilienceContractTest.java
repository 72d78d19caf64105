package dev.asyncrosetta.vertx;

import dev.asyncrosetta.contract.ResilienceContract;

class VertxResilienceContractTest extends ResilienceContract {

    VertxResilienceContractTest() {
        super("vertx");
    }
}
