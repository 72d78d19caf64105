package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.ScenarioRuns.assertFailsBecause;
import static dev.asyncrosetta.contract.ScenarioRuns.assertPasses;
import static dev.asyncrosetta.contract.ScenarioRuns.run;
import static dev.asyncrosetta.contract.ScenarioRuns.runOnce;

import dev.asyncrosetta.contract.ResilienceSketchStyle.Flaw;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resilience scenarios can fail: each flaw of the resilience sketch is caught by the scenario
 * made for it, for the reason named, and the sketch without the flaw passes that scenario.
 */
class ResilienceContractCatchesBrokenStylesTest {

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource(delimiter = ';', value = {
            "BREAKER_NEVER_OPENS     ; R1_circuitBreaker  ; the failure the caller sees",
            "PROBES_UNLIMITED        ; R1_circuitBreaker  ; expected a failed checkout|beyond the 2 probes",
            "NEVER_REPORTS_A_SUCCESS ; R1_circuitBreaker  ; (?s)after the probes succeeded and closed the circuit.*CircuitOpen",
            "BULKHEAD_NOT_COUNTING   ; R2_bulkhead        ; peak of payment calls in flight across every checkout",
            "BULKHEAD_NEVER_WAITS    ; R2_bulkhead        ; expected a Receipt",
            "TIMER_REFUSES_UNDER_A_MILLISECOND ; R2_bulkhead ; (?s)the failure the caller sees.*IllegalArgumentException",
            "CLOSE_LEAVES_THE_TIMER_RUNNING     ; R2_bulkhead ; threads left alive once the scenario's services were closed: \\[resilience-sketch-timer",
            "ADMITS_AFTER_FIRST_CALL ; R3_admissionControl ; refused checkouts",
            "KEEPS_A_FAILED_CHECKOUTS_ADMISSION_PLACE ; R3_admissionControl ; every admission place came back after 4 checkouts whose payment failed",
            "SHARES_ONE_POOL         ; R4_isolation       ; a checkout with nothing to pay",
            "KEEPS_A_FAILED_PAYMENTS_PLACE     ; R5_everyPermissionIsGivenBack              ; (?s)paid after a payment that ANSWERED_503.*PaymentBulkheadFull",
            "KEEPS_A_STOPPED_PAYMENTS_PLACE    ; R5_everyPermissionIsGivenBack              ; (?s)paid after a payment that STOPPED_BY_ITS_CALLER.*PaymentBulkheadFull",
            "KEEPS_A_STOPPED_PROBES_PERMISSION ; R6_aProbeThatDidNotCallGivesBackItsPermission ; (?s)after a probe stopped by its caller.*CircuitOpen"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        assertFailsBecause(run(contractFor(flaw), scenario), why);
        assertPasses(runOnce(Unflawed.class, scenario));
    }

    private static Class<? extends ResilienceContract> contractFor(Flaw flaw) {
        return switch (flaw) {
            case NONE -> Unflawed.class;
            case BREAKER_NEVER_OPENS -> BreakerNeverOpens.class;
            case PROBES_UNLIMITED -> ProbesUnlimited.class;
            case NEVER_REPORTS_A_SUCCESS -> NeverReportsASuccess.class;
            case BULKHEAD_NOT_COUNTING -> BulkheadNotCounting.class;
            case BULKHEAD_NEVER_WAITS -> BulkheadNeverWaits.class;
            case TIMER_REFUSES_UNDER_A_MILLISECOND -> TimerRefusesUnderAMillisecond.class;
            case CLOSE_LEAVES_THE_TIMER_RUNNING -> CloseLeavesTheTimerRunning.class;
            case ADMITS_AFTER_FIRST_CALL -> AdmitsAfterFirstCall.class;
            case KEEPS_A_FAILED_CHECKOUTS_ADMISSION_PLACE -> KeepsAFailedCheckoutsAdmissionPlace.class;
            case SHARES_ONE_POOL -> SharesOnePool.class;
            case KEEPS_A_FAILED_PAYMENTS_PLACE -> KeepsAFailedPaymentsPlace.class;
            case KEEPS_A_STOPPED_PAYMENTS_PLACE -> KeepsAStoppedPaymentsPlace.class;
            case KEEPS_A_STOPPED_PROBES_PERMISSION -> KeepsAStoppedProbesPermission.class;
        };
    }

    /** A thread per checkout on a fixed pool, and a payment pool: its threads are its own bound. */
    abstract static class SketchContract extends ResilienceContract {
        SketchContract(Flaw flaw) {
            super(new ResilienceSketchStyle(flaw));
        }
    }

    static class Unflawed extends SketchContract {
        Unflawed() { super(Flaw.NONE); }
    }

    static class BreakerNeverOpens extends SketchContract {
        BreakerNeverOpens() { super(Flaw.BREAKER_NEVER_OPENS); }
    }

    static class ProbesUnlimited extends SketchContract {
        ProbesUnlimited() { super(Flaw.PROBES_UNLIMITED); }
    }

    static class NeverReportsASuccess extends SketchContract {
        NeverReportsASuccess() { super(Flaw.NEVER_REPORTS_A_SUCCESS); }
    }

    static class BulkheadNotCounting extends SketchContract {
        BulkheadNotCounting() { super(Flaw.BULKHEAD_NOT_COUNTING); }
    }

    static class BulkheadNeverWaits extends SketchContract {
        BulkheadNeverWaits() { super(Flaw.BULKHEAD_NEVER_WAITS); }
    }

    static class TimerRefusesUnderAMillisecond extends SketchContract {
        TimerRefusesUnderAMillisecond() { super(Flaw.TIMER_REFUSES_UNDER_A_MILLISECOND); }
    }

    static class CloseLeavesTheTimerRunning extends SketchContract {
        CloseLeavesTheTimerRunning() { super(Flaw.CLOSE_LEAVES_THE_TIMER_RUNNING); }
    }

    static class AdmitsAfterFirstCall extends SketchContract {
        AdmitsAfterFirstCall() { super(Flaw.ADMITS_AFTER_FIRST_CALL); }
    }

    static class KeepsAFailedCheckoutsAdmissionPlace extends SketchContract {
        KeepsAFailedCheckoutsAdmissionPlace() { super(Flaw.KEEPS_A_FAILED_CHECKOUTS_ADMISSION_PLACE); }
    }

    static class SharesOnePool extends SketchContract {
        SharesOnePool() { super(Flaw.SHARES_ONE_POOL); }
    }

    static class KeepsAFailedPaymentsPlace extends SketchContract {
        KeepsAFailedPaymentsPlace() { super(Flaw.KEEPS_A_FAILED_PAYMENTS_PLACE); }
    }

    static class KeepsAStoppedPaymentsPlace extends SketchContract {
        KeepsAStoppedPaymentsPlace() { super(Flaw.KEEPS_A_STOPPED_PAYMENTS_PLACE); }
    }

    static class KeepsAStoppedProbesPermission extends SketchContract {
        KeepsAStoppedProbesPermission() { super(Flaw.KEEPS_A_STOPPED_PROBES_PERMISSION); }
    }
}
