package dev.asyncrosetta.app.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.outage.CheckoutRecord.Ending;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The protected HTTP path, short: 10 checkouts a second for 6 s, one in 5 of a user with nothing to
 * pay, the payment service hanging from 1 s to 5 s. Calls time out after 200 ms, so that the breaker
 * hears failures well within the 1 s deadline (an attempt the deadline cuts short is not counted).
 * The machine is shared and may stall a second now and then: the checks look at medians and shares.
 */
@Timeout(60)
class ProtectedOutageTest {
    private static final OutageSchedule SCHEDULE = new OutageSchedule(10, Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofSeconds(4));
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final CheckoutPolicy POLICY = CheckoutPolicy.defaults().withDeadline(DEADLINE).withCallTimeout(Duration.ofMillis(200));
    /**
     * A checkout with nothing to pay makes two calls of 10 ms each; one that queued behind a hanging
     * payment would wait at least a call timeout. Between the two, slack for a busy machine.
     */
    private static final Duration NORMAL_LATENCY_BOUND = Duration.ofMillis(250);

    @Test
    void duringTheOutageTheProtectedPathFailsPaymentsFastAndCheckoutsWithNothingToPayKeepTheirLatency() throws Exception {
        try (ShopBackend shop = ShopBackend.builder().latency(Duration.ofMillis(10)).start()) {
            OutageDrill drill = new OutageDrill(SCHEDULE, POLICY, shop.ledger(), Customers.of(shop.data(), 5));

            OutageRun run = drill.run(CheckoutStyle.named("futures"), PaymentOverHttp.protectedBy(shop, POLICY), "protected");

            List<CheckoutRecord> paying = run.startedDuringOutage().stream().filter(CheckoutRecord::needsPayment).toList();
            List<CheckoutRecord> refused = paying.stream().filter(CheckoutRecord::failedFast).toList();
            // The breaker needs about 10 failed attempts to open, half a second of the outage; it then stays open but for its probes.
            assertThat(refused).as("paying checkouts of the outage refused by a protection, of %s", paying)
                    .hasSizeGreaterThanOrEqualTo(paying.size() / 2);
            assertThat(OutageRun.percentile(refused, 50)).as("median latency of the refused checkouts").isLessThan(DEADLINE.dividedBy(4));
            List<CheckoutRecord> nothingToPay = run.nothingToPayDuringOutage();
            assertThat(nothingToPay).as("checkouts with nothing to pay started during the outage").hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(c -> assertThat(c.ending()).as(c.requestId()).isEqualTo(Ending.PAID));
            assertThat(OutageRun.percentile(nothingToPay, 50)).as("median latency of the checkouts with nothing to pay, of %s", nothingToPay)
                    .isLessThan(NORMAL_LATENCY_BOUND);
            // A failed checkout may have been charged once (a payment charged just as its call timed out, whose
            // retry the open circuit refused); right() allows that and nothing else.
            assertThat(run.charges().right()).as("%s", run.charges()).isTrue();
        }
    }
}
