package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.ScenarioRuns.assertFailsBecause;
import static dev.asyncrosetta.contract.ScenarioRuns.assertPasses;
import static dev.asyncrosetta.contract.ScenarioRuns.run;
import static dev.asyncrosetta.contract.ScenarioRuns.runOnce;

import dev.asyncrosetta.contract.TracingSketchStyle.Flaw;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The context scenarios can fail: each flaw of the tracing sketch is caught by the scenario made for
 * it, for the reason named, and the sketch without the flaw passes that scenario.
 */
class ContextContractCatchesBrokenStylesTest {

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource(delimiter = ';', value = {
            "NO_TRACEPARENT_ON_RETRIES ; C36_everyCallIsAnAttemptOfAStepOfTheCheckoutInTheCallersTrace ; its traceparent header",
            "STEP_SPAN_AS_PARENT       ; C36_everyCallIsAnAttemptOfAStepOfTheCheckoutInTheCallersTrace ; its span's kind",
            "LOSES_CONTEXT_IN_FAN_OUT  ; C36_everyCallIsAnAttemptOfAStepOfTheCheckoutInTheCallersTrace ; the trace ids the checkout's calls carried|its trace id",
            "SHARES_CONTEXT            ; C38_concurrentCheckoutsNeverCarryAnothersContext              ; belongs to its own caller's trace",
            "NO_TRACE_WITHOUT_CALLER   ; C37_aCheckoutWithNoCurrentContextStartsATraceOfItsOwn         ; its traceparent header",
            "LOGS_WITH_THE_THREADS_CONTEXT ; C39_everyLogLineCarriesItsCheckoutsIds                   ; its MDC's trace id",
            "ENDS_FAILED_STEPS_AS_SUCCEEDED ; C40_aFailedCheckoutEndsItsSpansMarkedFailed             ; the failed step's span: its status",
            "LEAVES_A_STOPPED_STEP_OPEN    ; C40_aFailedCheckoutEndsItsSpansMarkedFailed              ; a step span, was exported",
            "TRACES_REFUSED_REQUESTS       ; C40_aFailedCheckoutEndsItsSpansMarkedFailed              ; not the two refused",
            "LOGS_THE_NEXT_ATTEMPT         ; C39_everyLogLineCarriesItsCheckoutsIds                   ; a line for its retry of the user call",
            "ENDS_A_FAILED_STEP_AS_ABORTED ; C40_aFailedCheckoutEndsItsSpansMarkedFailed              ; the failed step's span says it was aborted",
            "LEAVES_A_TIMED_OUT_ATTEMPT_OPEN ; C40_aFailedCheckoutEndsItsSpansMarkedFailed            ; timed out\\): the checkout's span and an attempt span per call, ended"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        assertFailsBecause(run(contractFor(flaw), scenario), why);
        assertPasses(runOnce(Unflawed.class, scenario));
    }

    private static Class<? extends CheckoutContract> contractFor(Flaw flaw) {
        return switch (flaw) {
            case NONE -> Unflawed.class;
            case NO_TRACEPARENT_ON_RETRIES -> NoTraceparentOnRetries.class;
            case STEP_SPAN_AS_PARENT -> StepSpanAsParent.class;
            case LOSES_CONTEXT_IN_FAN_OUT -> LosesContextInFanOut.class;
            case SHARES_CONTEXT -> SharesContext.class;
            case NO_TRACE_WITHOUT_CALLER -> NoTraceWithoutCaller.class;
            case LOGS_WITH_THE_THREADS_CONTEXT -> LogsWithTheThreadsContext.class;
            case ENDS_FAILED_STEPS_AS_SUCCEEDED -> EndsFailedStepsAsSucceeded.class;
            case LEAVES_A_STOPPED_STEP_OPEN -> LeavesAStoppedStepOpen.class;
            case TRACES_REFUSED_REQUESTS -> TracesRefusedRequests.class;
            case LOGS_THE_NEXT_ATTEMPT -> LogsTheNextAttempt.class;
            case ENDS_A_FAILED_STEP_AS_ABORTED -> EndsAFailedStepAsAborted.class;
            case LEAVES_A_TIMED_OUT_ATTEMPT_OPEN -> LeavesATimedOutAttemptOpen.class;
        };
    }

    abstract static class SketchContract extends BlockingSketchContract {
        /** The checkout's own thread completes its future. */
        SketchContract(Flaw flaw) {
            super(new TracingSketchStyle(flaw), thread -> thread.getName().equals("tracing-sketch-checkout"));
        }
    }

    static class Unflawed extends SketchContract {
        Unflawed() { super(Flaw.NONE); }
    }

    static class NoTraceparentOnRetries extends SketchContract {
        NoTraceparentOnRetries() { super(Flaw.NO_TRACEPARENT_ON_RETRIES); }
    }

    static class StepSpanAsParent extends SketchContract {
        StepSpanAsParent() { super(Flaw.STEP_SPAN_AS_PARENT); }
    }

    static class LosesContextInFanOut extends SketchContract {
        LosesContextInFanOut() { super(Flaw.LOSES_CONTEXT_IN_FAN_OUT); }
    }

    static class SharesContext extends SketchContract {
        SharesContext() { super(Flaw.SHARES_CONTEXT); }
    }

    static class NoTraceWithoutCaller extends SketchContract {
        NoTraceWithoutCaller() { super(Flaw.NO_TRACE_WITHOUT_CALLER); }
    }

    static class LogsWithTheThreadsContext extends SketchContract {
        LogsWithTheThreadsContext() { super(Flaw.LOGS_WITH_THE_THREADS_CONTEXT); }
    }

    static class EndsFailedStepsAsSucceeded extends SketchContract {
        EndsFailedStepsAsSucceeded() { super(Flaw.ENDS_FAILED_STEPS_AS_SUCCEEDED); }
    }

    static class LeavesAStoppedStepOpen extends SketchContract {
        LeavesAStoppedStepOpen() { super(Flaw.LEAVES_A_STOPPED_STEP_OPEN); }
    }

    static class TracesRefusedRequests extends SketchContract {
        TracesRefusedRequests() { super(Flaw.TRACES_REFUSED_REQUESTS); }
    }

    static class LogsTheNextAttempt extends SketchContract {
        LogsTheNextAttempt() { super(Flaw.LOGS_THE_NEXT_ATTEMPT); }
    }

    static class EndsAFailedStepAsAborted extends SketchContract {
        EndsAFailedStepAsAborted() { super(Flaw.ENDS_A_FAILED_STEP_AS_ABORTED); }
    }

    static class LeavesATimedOutAttemptOpen extends SketchContract {
        LeavesATimedOutAttemptOpen() { super(Flaw.LEAVES_A_TIMED_OUT_ATTEMPT_OPEN); }
    }
}
