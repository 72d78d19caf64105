package dev.asyncrosetta.futures;

import dev.asyncrosetta.contract.BrokerContract;

/** The futures style paying through the broker: M1-M7. */
class FuturesBrokerContractTest extends BrokerContract {

    FuturesBrokerContractTest() {
        super("futures");
    }
}
