package dev.asyncrosetta.vertx;

import dev.asyncrosetta.contract.ContextContract;

/** The vertx style carrying the caller's trace context: C36-C38. */
class VertxContextContractTest extends ContextContract {

    VertxContextContractTest() {
        super("vertx");
    }
}
