package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.ScenarioRuns.assertFailsBecause;
import static dev.asyncrosetta.contract.ScenarioRuns.assertPasses;
import static dev.asyncrosetta.contract.ScenarioRuns.run;
import static dev.asyncrosetta.contract.ScenarioRuns.runOnce;

import dev.asyncrosetta.contract.BrokerSketchStyle.Flaw;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The broker scenarios can fail: each flaw of the broker sketch is caught by the scenario made for it,
 * for the reason named, and the sketch without the flaw passes that scenario.
 */
class BrokerContractCatchesBrokenStylesTest {

    @ParameterizedTest(name = "{0} is caught by {1}")
    @CsvSource(delimiter = ';', value = {
            "PUBLISHES_TWICE_WITH_FRESH_KEY ; M1_thePublishedRequestIsExactlyThePayment ; records published for the checkout",
            "ORDER_IDS_REVERSED             ; M1_thePublishedRequestIsExactlyThePayment ; records published for the checkout|no charge for",
            "NO_PUBLISH_TIMEOUT             ; M4_theBrokerIsUnreachable                 ; the failure the caller sees",
            "PENDING_AT_EVERY_DEADLINE      ; M5_deadlineWhileThePublishIsUnacknowledged ; expected a failed checkout",
            "CARRY_ON_AWAITS_OUTCOME        ; M2_thePaymentServiceIsDown                ; carrying on, checkout .* ended",
            "PUBLISHES_AFTER_CANCEL         ; M5_cancelBeforeThePublish                 ; records published for the cancelled checkout",
            "LISTENER_ENDS_WITHOUT_CLOSING_CONSUMER ; M6_cleanClose                     ; Kafka clients still open after close",
            "TIMER_LEFT_RUNNING             ; M6_cleanClose                             ; threads still alive after close",
            "CLOSES_KAFKA_CLIENTS_AFTER_RETURNING ; M6_cleanClose                       ; Kafka clients still open after close\\(\\) returned",
            "LISTENER_ENDS_AT_AN_OUTCOME_NOBODY_AWAITS ; M5_cancelWhileAwaitingTheOutcome ; the checkout did not complete within",
            "FAILED_AS_DECLINED             ; M7_declinedAndFailedOutcomes              ; the FAILED outcome",
            "QUEUED_SEND_NOT_TAKEN_BACK     ; M10_aCheckoutStoppedWhileItsPublishWaitsIsNeverPublished ; records published for the stopped checkout",
            "QUEUED_SEND_BEGUN_AFTER_ITS_TIMEOUT ; M13_aPublishTimedOutBeforeItsSendBeganIsNeverSent ; records published for the third checkout",
            "REFUSAL_TOLD_AT_THE_TIMEOUT    ; M11_theBrokerRefusesTheRequestAtOnce      ; failed after \\(Kafka refused the record at once",
            "REFUSED_OPEN_LEAVES_WHAT_IT_BUILT ; M12_aConfigurationKafkaRefusesFailsOpenAndLeavesNothingBehind ; Kafka clients still open once open\\(\\) threw"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        assertFailsBecause(run(contractFor(flaw), scenario), why);
        assertPasses(runOnce(Unflawed.class, scenario));
    }

    private static Class<? extends BrokerContract> contractFor(Flaw flaw) {
        switch (flaw) {
            case PUBLISHES_TWICE_WITH_FRESH_KEY: return PublishesTwiceWithFreshKey.class;
            case ORDER_IDS_REVERSED: return OrderIdsReversed.class;
            case NO_PUBLISH_TIMEOUT: return NoPublishTimeout.class;
            case PENDING_AT_EVERY_DEADLINE: return PendingAtEveryDeadline.class;
            case CARRY_ON_AWAITS_OUTCOME: return CarryOnAwaitsOutcome.class;
            case PUBLISHES_AFTER_CANCEL: return PublishesAfterCancel.class;
            case LISTENER_ENDS_WITHOUT_CLOSING_CONSUMER: return ListenerEndsWithoutClosingConsumer.class;
            case TIMER_LEFT_RUNNING: return TimerLeftRunning.class;
            case CLOSES_KAFKA_CLIENTS_AFTER_RETURNING: return ClosesKafkaClientsAfterReturning.class;
            case LISTENER_ENDS_AT_AN_OUTCOME_NOBODY_AWAITS: return ListenerEndsAtAnOutcomeNobodyAwaits.class;
            case FAILED_AS_DECLINED: return FailedAsDeclined.class;
            case QUEUED_SEND_NOT_TAKEN_BACK: return QueuedSendNotTakenBack.class;
            case QUEUED_SEND_BEGUN_AFTER_ITS_TIMEOUT: return QueuedSendBegunAfterItsTimeout.class;
            case REFUSAL_TOLD_AT_THE_TIMEOUT: return RefusalToldAtTheTimeout.class;
            case REFUSED_OPEN_LEAVES_WHAT_IT_BUILT: return RefusedOpenLeavesWhatItBuilt.class;
            default: return Unflawed.class;
        }
    }

    /** The sketch blocks by design: a thread per checkout, send(...).get(). */
    abstract static class SketchContract extends BrokerContract {
        SketchContract(Flaw flaw) {
            super(new BrokerSketchStyle(flaw));
        }

        @Override
        public Predicate<Thread> nonBlockingThreads() {
            return thread -> false;
        }

        @Override
        public Predicate<Thread> completingThreads() {
            return thread -> thread.getName().startsWith("broker-sketch-");
        }

        @Override
        public boolean blocksByDesign() {
            return true;
        }
    }

    static class Unflawed extends SketchContract {
        Unflawed() { super(Flaw.NONE); }
    }

    static class PublishesTwiceWithFreshKey extends SketchContract {
        PublishesTwiceWithFreshKey() { super(Flaw.PUBLISHES_TWICE_WITH_FRESH_KEY); }
    }

    static class OrderIdsReversed extends SketchContract {
        OrderIdsReversed() { super(Flaw.ORDER_IDS_REVERSED); }
    }

    static class NoPublishTimeout extends SketchContract {
        NoPublishTimeout() { super(Flaw.NO_PUBLISH_TIMEOUT); }
    }

    static class PendingAtEveryDeadline extends SketchContract {
        PendingAtEveryDeadline() { super(Flaw.PENDING_AT_EVERY_DEADLINE); }
    }

    static class CarryOnAwaitsOutcome extends SketchContract {
        CarryOnAwaitsOutcome() { super(Flaw.CARRY_ON_AWAITS_OUTCOME); }
    }

    static class PublishesAfterCancel extends SketchContract {
        PublishesAfterCancel() { super(Flaw.PUBLISHES_AFTER_CANCEL); }
    }

    static class ListenerEndsWithoutClosingConsumer extends SketchContract {
        ListenerEndsWithoutClosingConsumer() { super(Flaw.LISTENER_ENDS_WITHOUT_CLOSING_CONSUMER); }
    }

    static class TimerLeftRunning extends SketchContract {
        TimerLeftRunning() { super(Flaw.TIMER_LEFT_RUNNING); }
    }

    static class ClosesKafkaClientsAfterReturning extends SketchContract {
        ClosesKafkaClientsAfterReturning() { super(Flaw.CLOSES_KAFKA_CLIENTS_AFTER_RETURNING); }
    }

    static class ListenerEndsAtAnOutcomeNobodyAwaits extends SketchContract {
        ListenerEndsAtAnOutcomeNobodyAwaits() { super(Flaw.LISTENER_ENDS_AT_AN_OUTCOME_NOBODY_AWAITS); }
    }

    static class FailedAsDeclined extends SketchContract {
        FailedAsDeclined() { super(Flaw.FAILED_AS_DECLINED); }
    }

    static class QueuedSendNotTakenBack extends SketchContract {
        QueuedSendNotTakenBack() { super(Flaw.QUEUED_SEND_NOT_TAKEN_BACK); }
    }

    static class QueuedSendBegunAfterItsTimeout extends SketchContract {
        QueuedSendBegunAfterItsTimeout() { super(Flaw.QUEUED_SEND_BEGUN_AFTER_ITS_TIMEOUT); }
    }

    static class RefusalToldAtTheTimeout extends SketchContract {
        RefusalToldAtTheTimeout() { super(Flaw.REFUSAL_TOLD_AT_THE_TIMEOUT); }
    }

    static class RefusedOpenLeavesWhatItBuilt extends SketchContract {
        RefusedOpenLeavesWhatItBuilt() { super(Flaw.REFUSED_OPEN_LEAVES_WHAT_IT_BUILT); }
    }
}
