package dev.asyncrosetta.rxjava;

import static dev.asyncrosetta.rxjava.ScriptedShop.answerAfter;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.rxjava.RxJavaCheckout.DetailsFanOut;
import dev.asyncrosetta.rxjava.ScriptedShop.Attempt;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What sets the two fan-outs apart, on a {@link TestScheduler}: 8 orders, 4 at once, o-1 answering
 * after 100 ms and every other order after 20 ms. concatMapEager (the style's own) refills its
 * window only when the head order answers; the sliding window (the benchmark's) whenever any call does.
 */
@ExtendWith(UndeliverableErrors.class)
class DetailsFanOutTest {
    private static final CheckoutPolicy POLICY =
            new CheckoutPolicy(Duration.ofSeconds(1), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4);
    private static final CheckoutRequest REQUEST = new CheckoutRequest(ScriptedShop.USER.id(), "request-1");

    private final TestScheduler scheduler = new TestScheduler();

    @Test
    void concatMapEagerStartsOrdersFiveToEightOnlyWhenTheHeadOrderAnswers() {
        ScriptedShop shop = checkOutWithASlowHead(DetailsFanOut.CONCAT_MAP_EAGER);

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
        assertThat(shop.peakInFlightDetails()).isEqualTo(POLICY.detailsConcurrency());
    }

    @Test
    void onlyTheIdiomIsRegistered() {
        assertThat(CheckoutStyle.all()).extracting(CheckoutStyle::name)
                .contains("rxjava").doesNotContain("rxjava (sliding window)");
        assertThat(RxJavaStyle.slidingWindow()).isInstanceOf(BrokerPaymentStyle.class)
                .extracting(CheckoutStyle::name).isEqualTo("rxjava (sliding window)");
    }

    /** The whole checkout, which must still list the details in the orders' order. */
    private ScriptedShop checkOutWithASlowHead(DetailsFanOut fanOut) {
        ScriptedShop shop = new ScriptedShop(scheduler, 8);
        for (Order order : shop.orders()) {
            shop.script("details:" + order.id(), answerAfter(order.id().equals("o-1") ? 100 : 20));
        }
        TestObserver<Receipt> observer = new RxJavaCheckout(POLICY, shop, scheduler, () -> {}, fanOut).withDeadline(REQUEST).test();

        scheduler.advanceTimeTo(1_000, MILLISECONDS);

        observer.assertComplete();
        assertThat(observer.values().get(0).details()).extracting(OrderDetails::orderId)
                .containsExactlyElementsOf(shop.orders().stream().map(Order::id).toList());
        return shop;
    }

    private static List<Long> startOf(ScriptedShop shop, String... orderIds) {
        return List.of(orderIds).stream().map(orderId -> shop.attempts("details:" + orderId).get(0).startedAt).toList();
    }

    /** When the details step ended: the payment, answering at once, starts the moment it does. */
    private static long detailsEnd(ScriptedShop shop) {
        return shop.attempts("payment").get(0).startedAt;
    }

    private static long detailsInFlightAt(ScriptedShop shop, long millis) {
        return shop.attempts().stream()
                .filter(Attempt::isDetail)
                .filter(attempt -> attempt.startedAt <= millis && millis < attempt.endedAt)
                .count();
    }
}
