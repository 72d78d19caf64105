package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.rxjava.RxJavaCheckout.DetailsFanOut;

/** The same aborts with the benchmark's sliding window: flatMapSingle must not let an error slip out either. */
class SlidingWindowNoUndeliverableErrorsTest extends NoUndeliverableErrorsTest {

    @Override
    DetailsFanOut fanOut() {
        return DetailsFanOut.SLIDING_WINDOW;
    }
}
