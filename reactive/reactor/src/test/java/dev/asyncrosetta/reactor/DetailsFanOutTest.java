package dev.asyncrosetta.reactor;

import static dev.asyncrosetta.reactor.ScriptedShop.PAYMENT;
import static dev.asyncrosetta.reactor.ScriptedShop.details;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.reactor.ReactorCheckout.DetailsFanOut;
import dev.asyncrosetta.reactor.ScriptedShop.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * What sets the two fan-outs apart, on virtual time: 8 orders, 4 at once, o-1 answering after
 * 100 ms and every other order after 20 ms. flatMapSequential (the style's own) refills its window
 * only when the head order answers; the sliding window (the benchmark's) whenever any call does.
 */
@Timeout(10)
class DetailsFanOutTest {
    private static final CheckoutRequest REQUEST = new CheckoutRequest("u-1", "req-00000004");
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4);
    private static final List<String> EVERY_ORDER = List.of("o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7", "o-8");

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

    @AfterEach
    void stopTheClock() {
        clock.dispose();
    }

    @Test
    void flatMapSequentialStartsOrdersFiveToEightOnlyWhenTheHeadOrderAnswers() {
        ScriptedShop shop = checkOutWithASlowHead(DetailsFanOut.FLAT_MAP_SEQUENTIAL);

        assertThat(startOf(shop, "o-5", "o-6", "o-7", "o-8")).containsExactly(100L, 100L, 100L, 100L);
        assertThat(detailsEnd(shop)).isEqualTo(120);
    }

    @Test
    void theSlidingWindowStartsTheNextOrderWheneverAnyCallAnswers() {
        ScriptedShop shop = checkOutWithASlowHead(DetailsFanOut.SLIDING_WINDOW);

        assertThat(startOf(shop, "o-5", "o-6", "o-7", "o-8")).containsExactly(20L, 20L, 20L, 40L);
        assertThat(detailsEnd(shop)).as("o-1's answer is the last").isEqualTo(100);
        long lastStart = startOf(shop, "o-8").get(0);
        assertThat(LongStream.range(0, lastStart).map(millis -> detailsInFlightAt(shop, millis)))
                .as("details in flight at each millisecond while orders remain").containsOnly(4L);
        assertThat(shop.detailsPeakInFlight()).isEqualTo(POLICY.detailsConcurrency());
    }

    @Test
    void onlyTheIdiomIsRegistered() {
        assertThat(CheckoutStyle.all()).extracting(CheckoutStyle::name)
                .contains("reactor").doesNotContain("reactor (sliding window)");
        assertThat(ReactorStyle.slidingWindow()).isInstanceOf(BrokerPaymentStyle.class)
                .extracting(CheckoutStyle::name).isEqualTo("reactor (sliding window)");
    }

    /** The whole checkout, which must still list the details in the orders' order. */
    private ScriptedShop checkOutWithASlowHead(DetailsFanOut fanOut) {
        ScriptedShop shop = new ScriptedShop(EVERY_ORDER.size(), clock);
        shop.scriptEveryDetail(shop.after(Duration.ofMillis(20))).script(details("o-1"), shop.after(Duration.ofMillis(100)));

        StepVerifier.create(new ReactorCheckout(shop, POLICY, clock, clock, fanOut).withDeadline(REQUEST))
                .then(() -> clock.advanceTimeBy(Duration.ofSeconds(1)))
                .assertNext(receipt -> assertThat(receipt.details()).extracting(OrderDetails::orderId)
                        .containsExactlyElementsOf(EVERY_ORDER))
                .verifyComplete();
        return shop;
    }

    private static List<Long> startOf(ScriptedShop shop, String... orderIds) {
        return List.of(orderIds).stream().map(orderId -> shop.attempts(details(orderId)).get(0).startMillis()).toList();
    }

    /** When the details step ended: the payment, answering at once, starts the moment it does. */
    private static long detailsEnd(ScriptedShop shop) {
        return shop.attempts(PAYMENT).get(0).startMillis();
    }

    private static long detailsInFlightAt(ScriptedShop shop, long millis) {
        return shop.ended().stream()
                .filter(attempt -> attempt.call().startsWith("details:"))
                .filter(attempt -> attempt.startMillis() <= millis && millis < attempt.endMillis())
                .count();
    }
}
