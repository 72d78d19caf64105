package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a checkout's outcome was decided, and the proof that its calls were aborted because of that
 * decision. Scenarios that expect an abort give each call a callTimeout far longer than the scenario
 * (30 s), so a call can only end early if the style aborted it: the shop must see it end within
 * {@link #ABORT_SLACK} of the decision. A style that leaves calls running leaves them in flight, and
 * {@link Traffic#settled} fails naming them.
 */
public final class Decisions {
    /** How long after the decision the shop may still see an aborted call end, on a busy machine. */
    public static final Duration ABORT_SLACK = Duration.ofSeconds(1);

    /** The callTimeout of scenarios about aborts: it must never be what ends a call. */
    public static final Duration NEVER = Duration.ofSeconds(30);

    private Decisions() {}

    /** The moment (System.nanoTime) the future completes, however it completes; 0 until then. */
    public static AtomicLong watch(CompletableFuture<?> checkout) {
        AtomicLong decided = new AtomicLong();
        checkout.whenComplete((value, failure) -> decided.compareAndSet(0, System.nanoTime()));
        return decided;
    }

    /** Now, for a decision the test makes itself (its own cancel). */
    public static AtomicLong now() {
        return new AtomicLong(System.nanoTime());
    }

    /** Every call ended ABORTED_BY_CLIENT, within ABORT_SLACK of the decision. */
    public static void assertAbortedPromptly(List<Call> calls, AtomicLong decided, String why) {
        // A future wakes a waiting get() before it runs its other callbacks, watch()'s included.
        Waits.until(Duration.ofSeconds(5), () -> decided.get() != 0, () -> "the checkout's outcome was never decided");
        assertThat(calls).as(why).allSatisfy(call -> {
            assertThat(call.ending()).as("%s: how %s ended", why, call).isEqualTo(Ending.ABORTED_BY_CLIENT);
            assertThat(Duration.ofNanos(call.endNanos() - decided.get()))
                    .as("%s: from the decision to the shop seeing %s end", why, call)
                    .isLessThan(ABORT_SLACK);
        });
    }

    /** No call of the request started after the decision. */
    public static void assertNothingStartedAfter(List<Call> calls, AtomicLong decided, String why) {
        Waits.until(Duration.ofSeconds(5), () -> decided.get() != 0, () -> "the checkout's outcome was never decided");
        assertThat(calls).as(why).allSatisfy(call ->
                assertThat(call.startNanos()).as("%s: %s started after the outcome was decided", why, call)
                        .isLessThan(decided.get()));
    }
}
