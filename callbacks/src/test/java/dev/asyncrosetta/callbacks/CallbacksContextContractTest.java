package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.contract.ContextContract;

/** The callbacks style carrying the caller's trace context: C36-C38. */
class CallbacksContextContractTest extends ContextContract {

    CallbacksContextContractTest() {
        super("callbacks");
    }
}
