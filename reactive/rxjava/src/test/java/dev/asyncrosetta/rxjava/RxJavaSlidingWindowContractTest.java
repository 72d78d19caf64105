package dev.asyncrosetta.rxjava;

/**
 * C1-C35 for the sliding-window fan-out the benchmark can ask for: it must behave as the style does,
 * nothing reaching RxJavaPlugins.onError included.
 */
class RxJavaSlidingWindowContractTest extends RxJavaContractTest {

    RxJavaSlidingWindowContractTest() {
        super(RxJavaStyle.slidingWindow());
    }
}
