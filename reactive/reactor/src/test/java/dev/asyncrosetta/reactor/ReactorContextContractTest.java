package dev.asyncrosetta.reactor;

import dev.asyncrosetta.contract.ContextContract;

/** The reactor style carrying the caller's trace context: C36-C38. */
class ReactorContextContractTest extends ContextContract {

    ReactorContextContractTest() {
        super("reactor");
    }
}
