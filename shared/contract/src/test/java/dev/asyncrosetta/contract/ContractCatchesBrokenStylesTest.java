package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.ScenarioRuns.assertFailsBecause;
import static dev.asyncrosetta.contract.ScenarioRuns.assertPasses;
import static dev.asyncrosetta.contract.ScenarioRuns.run;
import static dev.asyncrosetta.contract.ScenarioRuns.runOnce;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.asyncrosetta.contract.SketchStyle.Flaw;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract can fail. Each deliberately broken style is caught by the scenario made for its
 * flaw, and the same style without the flaw passes that scenario: the failure is the flaw's.
 * A leaked connection is counted as "one or more": the warm-up's service leaks one too, and the
 * collector may or may not have closed it before the scenario looks.
 */
class ContractCatchesBrokenStylesTest {

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource(delimiter = ';', value = {
            "TIMEOUT_WITHOUT_CANCEL         ; C8_perCallTimeout                                     ; still in flight",
            "FRESH_KEY_ON_RETRY             ; C12_lostPaymentAnswer                                 ; Idempotency-Key",
            "UNBOUNDED_FAN_OUT              ; C10_boundedFanOut                                     ; peak details in flight",
            "SWALLOWS_CANCEL                ; C14_callerCancellation                                ; still in flight",
            "CLOSE_LEAVES_CHECKOUTS_RUNNING ; C20_closeWithCheckoutsInFlight                        ; still running after close",
            "SIBLINGS_LEFT_RUNNING          ; C7_retriesExhausted                                   ; still in flight",
            "DEADLINE_ONLY_FAILS_FUTURE     ; C9_deadline                                           ; still in flight",
            "TIMEOUT_COVERS_HEAD_ONLY       ; C21_perCallTimeoutCoversTheBody                       ; the failure the caller sees",
            "SENDS_QUEUED_CALLS_AFTER_STOP  ; C22_queuedCallOfAStoppedCheckoutIsNeverSent           ; started after the outcome was decided|still in flight",
            "CHECKOUT_IGNORES_CLOSE         ; C24_checkoutConcurrentWithClose                       ; checkouts asked after close|what checkout\\(\\) threw|still running after close",
            "CLOSE_WAITS_FOR_CHECKOUTS      ; C25_closeFromACheckoutsOwnCallback                    ; called on the thread that completed the checkout",
            "RETRIES_CLIENT_ERRORS          ; C27_clientErrorsAreNotRetried                         ; attempts",
            "RETRY_WITHOUT_REQUEST_ID       ; C6_transientReadFailure                               ; carried no X-Request-Id|\\[503\\]\\s+to contain exactly",
            "ACCEPTS_REDIRECTS              ; C28_redirectsAreNotFollowed                           ; kind",
            "RESENDS_ON_CONNECTION_LOSS     ; C30_exactlyTheAttemptsThePolicyAllows                 ; no hidden resend",
            "NO_BODY_LIMIT                  ; C31_oneAnswerSizeLimit                                ; expected a failed checkout",
            "RETRIES_UNPARSEABLE            ; C32_anAnswerThatIsNotHttp                             ; kind|attempts",
            "EARLY_STEPS_IGNORE_STOP        ; C35_cancelledInEachStep                               ; still in flight",
            "PAYS_FIRST_ORDER_ONLY          ; C1_happyPath                                          ; PAYMENT call failed \\(HTTP_ERROR\\)",
            "DEADLINE_ONLY_FAILS_FUTURE     ; C33_paymentInFlightWhenTheCheckoutStops               ; still in flight",
            "COMPLETES_ON_AN_UNDECLARED_THREAD ; C34_whereTheCallersCallbacksRun                    ; not a thread the style declares",
            "LEAKS_A_SILENT_CONNECTION      ; C19_cleanClose                                        ; connections open: [1-9]",
            "LEAKS_A_SILENT_CONNECTION      ; C1_happyPath                                          ; connections left open once the scenario's services were closed: [1-9]"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        assertFailsBecause(run(contractFor(flaw), scenario), why);
        assertPasses(runOnce(Unflawed.class, scenario));
    }

    /** Every case of C23 (complete, completeExceptionally, orTimeout) catches a style that stops only on cancel. */
    @Test
    void stoppingOnlyOnCancelIsCaughtByC23() {
        Events flawed = run(contractFor(Flaw.ONLY_CANCEL_STOPS), "C23_theCallerCompletingTheFutureStopsTheCheckout");
        flawed.assertStatistics(stats -> stats.started(3).failed(3));
        assertPasses(run(Unflawed.class, "C23_theCallerCompletingTheFutureStopsTheCheckout"));
    }

    /** C19 sees virtual threads: Thread.getAllStackTraces does not list them. */
    @Test
    void aLeakedVirtualThreadIsCaughtByC19() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        assertFailsBecause(run(contractFor(Flaw.LEAKS_A_VIRTUAL_THREAD), "C19_cleanClose"), "\\(virtual\\)");
        assertPasses(run(Unflawed.class, "C19_cleanClose"));
    }

    /** C17 is not vacuous: a style whose declared non-blocking threads block is reported. */
    @Test
    void blockingOnDeclaredThreadsIsCaughtByC17() {
        assertFailsBecause(run(DeclaresItsBlockingThreadsNonBlocking.class, "C17_noBlocking"), "blocking calls on non-blocking threads");
    }

    /** The nested contract class for the flaw, named after it (SIBLINGS_LEFT_RUNNING: SiblingsLeftRunning). */
    private static Class<? extends CheckoutContract> contractFor(Flaw flaw) {
        StringBuilder name = new StringBuilder();
        for (String word : flaw.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        try {
            return Class.forName(ContractCatchesBrokenStylesTest.class.getName() + "$" + (flaw == Flaw.NONE ? "Unflawed" : name))
                    .asSubclass(CheckoutContract.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no contract class for the flaw " + flaw, e);
        }
    }

    /** The sketch blocks by design, so it declares no thread non-blocking. */
    abstract static class SketchContract extends BlockingSketchContract {
        /** Each checkout's own thread, or the timer when the deadline fires, completes its future. */
        SketchContract(Flaw flaw) {
            super(new SketchStyle(flaw), thread -> thread.getName().equals("sketch-checkout") || thread.getName().equals("sketch-timer"));
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

    static class SiblingsLeftRunning extends SketchContract {
        SiblingsLeftRunning() {
            super(Flaw.SIBLINGS_LEFT_RUNNING);
        }
    }

    static class DeadlineOnlyFailsFuture extends SketchContract {
        DeadlineOnlyFailsFuture() {
            super(Flaw.DEADLINE_ONLY_FAILS_FUTURE);
        }
    }

    static class OnlyCancelStops extends SketchContract {
        OnlyCancelStops() {
            super(Flaw.ONLY_CANCEL_STOPS);
        }
    }

    static class TimeoutCoversHeadOnly extends SketchContract {
        TimeoutCoversHeadOnly() {
            super(Flaw.TIMEOUT_COVERS_HEAD_ONLY);
        }
    }

    static class SendsQueuedCallsAfterStop extends SketchContract {
        SendsQueuedCallsAfterStop() {
            super(Flaw.SENDS_QUEUED_CALLS_AFTER_STOP);
        }
    }

    static class CheckoutIgnoresClose extends SketchContract {
        CheckoutIgnoresClose() {
            super(Flaw.CHECKOUT_IGNORES_CLOSE);
        }
    }

    static class CloseWaitsForCheckouts extends SketchContract {
        CloseWaitsForCheckouts() {
            super(Flaw.CLOSE_WAITS_FOR_CHECKOUTS);
        }
    }

    static class RetryWithoutRequestId extends SketchContract {
        RetryWithoutRequestId() {
            super(Flaw.RETRY_WITHOUT_REQUEST_ID);
        }
    }

    static class RetriesClientErrors extends SketchContract {
        RetriesClientErrors() {
            super(Flaw.RETRIES_CLIENT_ERRORS);
        }
    }

    static class AcceptsRedirects extends SketchContract {
        AcceptsRedirects() {
            super(Flaw.ACCEPTS_REDIRECTS);
        }
    }

    static class ResendsOnConnectionLoss extends SketchContract {
        ResendsOnConnectionLoss() {
            super(Flaw.RESENDS_ON_CONNECTION_LOSS);
        }
    }

    static class NoBodyLimit extends SketchContract {
        NoBodyLimit() {
            super(Flaw.NO_BODY_LIMIT);
        }
    }

    static class RetriesUnparseable extends SketchContract {
        RetriesUnparseable() {
            super(Flaw.RETRIES_UNPARSEABLE);
        }
    }

    static class PaysFirstOrderOnly extends SketchContract {
        PaysFirstOrderOnly() {
            super(Flaw.PAYS_FIRST_ORDER_ONLY);
        }
    }

    static class EarlyStepsIgnoreStop extends SketchContract {
        EarlyStepsIgnoreStop() {
            super(Flaw.EARLY_STEPS_IGNORE_STOP);
        }
    }

    static class LeaksASilentConnection extends SketchContract {
        LeaksASilentConnection() {
            super(Flaw.LEAKS_A_SILENT_CONNECTION);
        }
    }

    static class LeaksAVirtualThread extends SketchContract {
        LeaksAVirtualThread() {
            super(Flaw.LEAKS_A_VIRTUAL_THREAD);
        }
    }

    static class CompletesOnAnUndeclaredThread extends SketchContract {
        CompletesOnAnUndeclaredThread() {
            super(Flaw.COMPLETES_ON_AN_UNDECLARED_THREAD);
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

        @Override
        public boolean blocksByDesign() {
            return false;
        }
    }
}
