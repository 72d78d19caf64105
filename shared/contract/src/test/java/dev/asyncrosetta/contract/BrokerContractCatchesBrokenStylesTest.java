package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.asyncrosetta.contract.BrokerSketchStyle.Flaw;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

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
            "FAILED_AS_DECLINED             ; M7_declinedAndFailedOutcomes              ; the FAILED outcome"})
    void eachFlawIsCaughtByItsScenario(Flaw flaw, String scenario, String why) {
        Events flawed = run(contractFor(flaw), scenario);
        assertThat(flawed.failed().count()).as("cases failed").isPositive();
        flawed.failed().assertThatEvents()
                .haveAtLeast(1, finishedWithFailure(message(text -> Pattern.compile(why).matcher(text).find())));
        Events unflawed = run(Unflawed.class, scenario);
        unflawed.assertStatistics(stats -> stats.failed(0).aborted(0));
        assertThat(unflawed.succeeded().count()).as("cases passed").isPositive();
    }

    private static Events run(Class<?> contract, String scenario) {
        java.lang.reflect.Method method = Arrays.stream(contract.getMethods())
                .filter(m -> m.getName().equals(scenario)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + scenario));
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(contract, method)).execute().testEvents();
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
            case FAILED_AS_DECLINED: return FailedAsDeclined.class;
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

    static class FailedAsDeclined extends SketchContract {
        FailedAsDeclined() { super(Flaw.FAILED_AS_DECLINED); }
    }
}
