package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.contract.ContextContract;

/** The rxjava style carrying the caller's trace context: C36-C38. */
class RxJavaContextContractTest extends ContextContract {

    RxJavaContextContractTest() {
        super("rxjava");
    }
}
