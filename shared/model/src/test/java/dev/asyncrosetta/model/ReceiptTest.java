package dev.asyncrosetta.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A receipt's payment is captured, pending through the broker, or absent; its JSON says which. */
class ReceiptTest {
    private static final User USER = new User("u-0003", "Ada", "ada@example.com");
    private static final PaymentRequest ASKED = new PaymentRequest("u-0003", List.of(), 0);

    @Test
    void aPendingReceiptSurvivesJsonAndSaysItIsPending() {
        Receipt pending = Receipt.pending("req-00000001", USER, List.of(), List.of(), new PendingPayment("req-00000001", ASKED));

        Receipt read = Json.read(Json.write(pending), Receipt.class);

        assertThat(read).isEqualTo(pending);
        assertThat(read.isPaymentPending()).isTrue();
        assertThat(read.payment()).isEmpty();
    }

    @Test
    void aReceiptOfTheHttpPathIsNeverPendingAndReadsBackAsItWasWritten() {
        Receipt nothing = Receipt.nothingToPay("req-00000001", USER);

        assertThat(nothing.isPaymentPending()).isFalse();
        assertThat(Json.read(Json.write(nothing), Receipt.class)).isEqualTo(nothing);
    }

    @Test
    void aPaymentIsNotBothCapturedAndPending() {
        Payment payment = new Payment("pay-1", "u-0003", 0, List.of(), Payment.CAPTURED);
        assertThatThrownBy(() -> new Receipt("req-00000001", USER, List.of(), List.of(), Optional.of(payment), 0,
                Optional.of(new PendingPayment("req-00000001", ASKED)))).isInstanceOf(IllegalArgumentException.class);
    }
}
