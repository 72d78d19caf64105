package dev.asyncrosetta.reactor;

/** C1-C35 for the sliding-window fan-out the benchmark can ask for: it must behave as the style does. */
class ReactorSlidingWindowContractTest extends ReactorContractTest {

    ReactorSlidingWindowContractTest() {
        super(ReactorStyle.slidingWindow());
    }
}
