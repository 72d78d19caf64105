package dev.asyncrosetta.futures;

import dev.asyncrosetta.contract.ContextContract;

/** The futures style carrying the caller's trace context: C36-C38. */
class FuturesContextContractTest extends ContextContract {

    FuturesContextContractTest() {
        super("futures");
    }
}
