package dev.asyncrosetta.contract;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.asyncrosetta.contract.SketchStyle.Flaw;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract can fail. Each deliberately broken style is caught by the scenario made for its
 * flaw, and the same style without the flaw passes that scenario: the failure is the flaw's.
 */
class ContractCatchesBrokenStylesTest {

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource({
            "TIMEOUT_WITHOUT_CANCEL, C8_perCallTimeout,      still in flight",
            "FRESH_KEY_ON_RETRY,     C12_lostPaymentAnswer,  Idempotency-Key",
            "UNBOUNDED_FAN_OUT,      C10_boundedFanOut,      peak details in flight",
            "SWALLOWS_CANCEL,        C14_callerCancellation, still in flight|after the cancel",
            "CLOSE_LEAVES_CHECKOUTS_RUNNING, C20_closeWithCheckoutsInFlight, still running after close"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        assertFailsBecause(run(contractFor(flaw), scenario), why);
        run(Unflawed.class, scenario).assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    /** C17 is not vacuous: a style whose declared non-blocking threads block is reported. */
    @Test
    void blockingOnDeclaredThreadsIsCaughtByC17() {
        assertFailsBecause(run(DeclaresItsBlockingThreadsNonBlocking.class, "C17_noBlocking"), "blocking calls on non-blocking threads");
    }

    /** Fails, and for the reason given (a regular expression over the assertion message). */
    private static void assertFailsBecause(Events events, String why) {
        events.assertStatistics(stats -> stats.started(1).failed(1));
        events.failed().assertThatEvents()
                .haveExactly(1, finishedWithFailure(message(text -> Pattern.compile(why).matcher(text).find())));
    }

    private static Events run(Class<?> contract, String scenario) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(contract, scenario))
                .execute()
                .testEvents();
    }

    private static Class<? extends CheckoutContract> contractFor(Flaw flaw) {
        return switch (flaw) {
            case NONE -> Unflawed.class;
            case TIMEOUT_WITHOUT_CANCEL -> TimeoutWithoutCancel.class;
            case FRESH_KEY_ON_RETRY -> FreshKeyOnRetry.class;
            case UNBOUNDED_FAN_OUT -> UnboundedFanOut.class;
            case SWALLOWS_CANCEL -> SwallowsCancel.class;
            case CLOSE_LEAVES_CHECKOUTS_RUNNING -> CloseLeavesCheckoutsRunning.class;
        };
    }

    /** The sketch blocks by design, so it declares no thread non-blocking. */
    abstract static class SketchContract extends CheckoutContract {
        SketchContract(Flaw flaw) {
            super(new SketchStyle(flaw));
        }

        @Override
        public Predicate<Thread> nonBlockingThreads() {
            return thread -> false;
        }
    }

    static class Unflawed extends SketchContract {
        Unflawed() {
            super(Flaw.NONE);
        }
    }

    static class TimeoutWithoutCancel extends SketchContract {
        TimeoutWithoutCancel() {
            super(Flaw.TIMEOUT_WITHOUT_CANCEL);
        }
    }

    static class FreshKeyOnRetry extends SketchContract {
        FreshKeyOnRetry() {
            super(Flaw.FRESH_KEY_ON_RETRY);
        }
    }

    static class UnboundedFanOut extends SketchContract {
        UnboundedFanOut() {
            super(Flaw.UNBOUNDED_FAN_OUT);
        }
    }

    static class SwallowsCancel extends SketchContract {
        SwallowsCancel() {
            super(Flaw.SWALLOWS_CANCEL);
        }
    }

    static class CloseLeavesCheckoutsRunning extends SketchContract {
        CloseLeavesCheckoutsRunning() {
            super(Flaw.CLOSE_LEAVES_CHECKOUTS_RUNNING);
        }
    }

    /** Claims the threads that wait on HTTP answers never block: C17 must call that out. */
    static class DeclaresItsBlockingThreadsNonBlocking extends SketchContract {
        DeclaresItsBlockingThreadsNonBlocking() {
            super(Flaw.NONE);
        }

        @Override
        public Predicate<Thread> nonBlockingThreads() {
            return thread -> thread.getName().startsWith("sketch-");
        }
    }
}
