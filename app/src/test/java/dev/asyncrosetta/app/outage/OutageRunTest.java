package dev.asyncrosetta.app.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.outage.CheckoutRecord.Ending;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run's figures say, from a handful of checkouts and charges placed by hand on the clock. */
class OutageRunTest {
    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 1_000_000 * MS;

    /** Starts at {@code fromMs} after the origin, answers {@code forMs} later. */
    private static CheckoutRecord checkout(String id, long fromMs, long forMs, Ending ending) {
        return new CheckoutRecord(id, true, ORIGIN + fromMs * MS, ORIGIN + (fromMs + forMs) * MS, ending,
                ending == Ending.FAILED ? "DeadlineExceededException" : "");
    }

    private static long at(long ms) {
        return ORIGIN + ms * MS;
    }

    /** Over HTTP: one paid before the outage, one failing at its deadline in it, one waiting across its end. */
    private static OutageRun overHttp() {
        return new OutageRun("futures", "HTTP", ORIGIN, at(1000), at(3000), List.of(
                checkout("a", 0, 100, Ending.PAID),
                checkout("b", 1200, 1000, Ending.FAILED),
                checkout("c", 2500, 1200, Ending.PAID)),
                Map.of("a", List.of(at(90)), "c", List.of(at(3650))), List.of());
    }

    /** Through the broker: every checkout pending at once, the two of the outage charged after it. */
    private static OutageRun throughTheBroker(Map<String, List<Long>> charges) {
        return new OutageRun("futures", "broker", ORIGIN, at(1000), at(3000), List.of(
                checkout("a", 0, 50, Ending.PAYMENT_PENDING),
                checkout("b", 1200, 50, Ending.PAYMENT_PENDING),
                checkout("c", 2500, 50, Ending.PAYMENT_PENDING),
                checkout("d", 3500, 50, Ending.PAYMENT_PENDING)),
                charges, List.of());
    }

    @Test
    void eachSecondCountsWhatStartedAndEndedInItAndWhatWasLeftWaitingAtItsEnd() {
        assertThat(overHttp().seconds()).containsExactly(
                new OutageSecond(0, 1, 1, 0, 0, 0, 0, 0, 1, -1, 0, 0, false),
                new OutageSecond(1, 1, 0, 0, 0, 0, 1, 0, 0, -1, 0, 0, true),
                new OutageSecond(2, 1, 0, 1, 0, 1, 1, 0, 0, -1, 0, 0, true),
                new OutageSecond(3, 0, 1, 0, 0, 0, 0, 0, 1, -1, 0, 0, false));
    }

    @Test
    void aPaymentIsPendingFromTheCheckoutsReceiptUntilTheShopChargesIt() {
        OutageRun run = throughTheBroker(Map.of("a", List.of(at(80)), "b", List.of(at(3100)), "c", List.of(at(3400)),
                "d", List.of(at(3600))));

        assertThat(run.seconds()).extracting(OutageSecond::paymentsPending).containsExactly(0, 1, 2, 0);
        assertThat(run.seconds()).extracting(OutageSecond::charged).containsExactly(1, 0, 0, 3);
        assertThat(run.catchUp()).as("the last of those started before the return, b and c, charged at 3.4 s")
                .contains(Duration.ofMillis(400));
        assertThat(run.charges()).isEqualTo(new ChargeCheck(4, 4, 0, 0, 0, 0));
        assertThat(run.charges().right()).isTrue();
        assertThat(run.timeToCharge(50)).as("a, the one checkout started before the outage").isEqualTo(Duration.ofMillis(80));
    }

    @Test
    void aPaymentNeverChargedOrChargedTwiceMakesTheRunWrong() {
        OutageRun run = throughTheBroker(Map.of("a", List.of(at(80)), "b", List.of(at(3100), at(3200)), "d", List.of(at(3600))));

        assertThat(run.charges()).isEqualTo(new ChargeCheck(4, 2, 1, 1, 0, 0));
        assertThat(run.charges().right()).isFalse();
        assertThat(run.catchUp()).as("c was never charged: the catch-up never ended").isEmpty();
    }

    @Test
    void aFailedCheckoutChargedOnceIsShownAndNotWrong() {
        OutageRun run = new OutageRun("futures", "HTTP", ORIGIN, at(1000), at(3000),
                List.of(checkout("b", 1200, 1000, Ending.FAILED)), Map.of("b", List.of(at(1300))), List.of());

        assertThat(run.charges()).isEqualTo(new ChargeCheck(0, 0, 0, 0, 1, 0));
        assertThat(run.charges().right()).as("its payment was in flight when it failed").isTrue();
        assertThat(run.charges().toString()).contains("1 failed checkouts charged once");
    }

    @Test
    void aFailedCheckoutChargedTwiceMakesTheRunWrong() {
        OutageRun run = new OutageRun("futures", "HTTP", ORIGIN, at(1000), at(3000),
                List.of(checkout("b", 1200, 1000, Ending.FAILED)), Map.of("b", List.of(at(1300), at(1400))), List.of());

        assertThat(run.charges()).isEqualTo(new ChargeCheck(0, 0, 0, 1, 0, 0));
        assertThat(run.charges().right()).isFalse();
    }

    @Test
    void latencyPercentilesAreNearestRankOfEveryAnswerReceiptsAndFailuresAlike() {
        OutageRun run = overHttp();

        assertThat(run.latency(50)).isEqualTo(Duration.ofMillis(1000));
        assertThat(run.latency(99)).isEqualTo(Duration.ofMillis(1200));
        assertThat(run.timeToCharge(99)).as("a, paid 90 ms after it was asked for").isEqualTo(Duration.ofMillis(90));
        assertThat(run.startedDuringOutage()).extracting(CheckoutRecord::requestId).containsExactly("b", "c");
    }

    @Test
    void eachSecondTellsRefusalsFromDeadlinesAndShowsTheCheckoutsWithNothingToPayAndTheJvmsPeak() {
        long mb = 1024 * 1024;
        OutageRun run = new OutageRun("futures", "HTTP, protected", ORIGIN, at(1000), at(3000), List.of(
                checkout("a", 0, 100, Ending.PAID),
                new CheckoutRecord("b", true, at(1200), at(1205), Ending.FAILED, "CircuitOpenException"),
                checkout("c", 1300, 1000, Ending.FAILED),
                new CheckoutRecord("n", false, at(1400), at(1430), Ending.PAID, "")),
                Map.of("a", List.of(at(90))),
                List.of(new JvmSample(at(500), 20, 100 * mb), new JvmSample(at(1500), 30, 50 * mb), new JvmSample(at(1800), 25, 200 * mb)));

        assertThat(run.seconds()).containsExactly(
                new OutageSecond(0, 1, 1, 0, 0, 0, 0, 0, 1, -1, 20, 100 * mb, false),
                new OutageSecond(1, 3, 1, 1, 1, 0, 1, 0, 0, 30, 30, 200 * mb, true),
                new OutageSecond(2, 0, 0, 1, 0, 1, 0, 0, 0, -1, 0, 0, true));
        assertThat(run.failedFast()).isEqualTo(1);
        assertThat(run.timedOut()).isEqualTo(1);
        assertThat(run.nothingToPayDuringOutage()).extracting(CheckoutRecord::requestId).containsExactly("n");
        assertThat(run.peakThreads()).isEqualTo(30);
        assertThat(run.peakHeapBytes()).isEqualTo(200 * mb);
        assertThat(run.charges().right()).as("n had nothing to pay and was not charged: %s", run.charges()).isTrue();
    }

    @Test
    void aCheckoutWithNothingToPayThatWasChargedMakesTheRunWrong() {
        OutageRun run = new OutageRun("futures", "HTTP", ORIGIN, at(1000), at(3000),
                List.of(new CheckoutRecord("n", false, at(100), at(130), Ending.PAID, "")), Map.of("n", List.of(at(120))), List.of());

        assertThat(run.charges()).isEqualTo(new ChargeCheck(0, 0, 0, 0, 0, 1));
        assertThat(run.charges().right()).isFalse();
    }
}
