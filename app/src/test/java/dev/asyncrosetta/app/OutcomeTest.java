package dev.asyncrosetta.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PendingPayment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {
    private static final User ADA = new User("u-0001", "Ada Lovelace", "ada@example.com");

    @Test
    void aFailureReadsAsItsTypeAndMessage() {
        Outcome failed = Outcome.of(new DownstreamException(Step.DETAILS, DownstreamException.Kind.HTTP_ERROR, 3, null));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failureLine()).isEqualTo("DownstreamException: DETAILS call failed (HTTP_ERROR) after 3 attempts");
        assertThat(failed.summary()).isEqualTo(failed.failureLine());
    }

    @Test
    void aReceiptReadsAsWhatWasPaid() {
        OrderDetails details = new OrderDetails("o-1", List.of(), 12_345);
        Receipt paid = Receipt.paid("r-12345678", ADA, List.of(new Order("o-1", ADA.id(), Order.OPEN)), List.of(details),
                new Payment("pay-1", ADA.id(), 12_345, List.of("o-1"), Payment.CAPTURED));

        assertThat(Outcome.of(paid).summary()).isEqualTo("paid 123.45 for 1 order");
        assertThat(Outcome.of(Receipt.nothingToPay("r-12345678", ADA)).summary()).isEqualTo("nothing to pay");
    }

    @Test
    void aPendingPaymentReadsAsPendingWithItsRequest() {
        OrderDetails details = new OrderDetails("o-1", List.of(), 12_345);
        PaymentRequest asked = new PaymentRequest(ADA.id(), List.of("o-1"), 12_345);
        Receipt pending = Receipt.pending("r-12345678", ADA, List.of(new Order("o-1", ADA.id(), Order.OPEN)), List.of(details),
                new PendingPayment("r-12345678", asked));

        assertThat(Outcome.of(pending).summary()).isEqualTo("payment of 123.45 pending (request r-12345678)");
        assertThat(ReceiptPrinter.print(pending)).contains("payment  PENDING through the broker, request r-12345678");
    }

    @Test
    void moneyHasTwoDecimals() {
        assertThat(Money.format(0)).isEqualTo("0.00");
        assertThat(Money.format(5)).isEqualTo("0.05");
        assertThat(Money.format(123_456)).isEqualTo("1234.56");
        assertThat(Money.format(-250)).isEqualTo("-2.50");
    }
}
