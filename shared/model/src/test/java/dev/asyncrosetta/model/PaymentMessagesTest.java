package dev.asyncrosetta.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The messages between the checkouts and the payment service, and their JSON. */
class PaymentMessagesTest {
    private static final PaymentRequest BODY = new PaymentRequest("u-0003", List.of("o-0003-02", "o-0003-01"), 4200);
    private static final Payment PAYMENT = new Payment("pay-1", "u-0003", 4200, List.of("o-0003-02", "o-0003-01"), Payment.CAPTURED);

    @Test
    void aRequestMessageTravelsAsJsonWithItsOrdersInOrder() {
        PaymentRequestMessage message = PaymentRequestMessage.of("req-00000001", BODY);

        String json = new String(message.toJson(), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"requestId\":\"req-00000001\",\"payment\":"
                + "{\"userId\":\"u-0003\",\"orderIds\":[\"o-0003-02\",\"o-0003-01\"],\"amountCents\":4200}}");
        assertThat(PaymentRequestMessage.fromJson(message.toJson())).isEqualTo(message);
    }

    @Test
    void aRequestMessageNeedsARequestIdAndAPayment() {
        assertThatThrownBy(() -> new PaymentRequestMessage(null, BODY)).isInstanceOf(NullPointerException.class).hasMessage("requestId");
        assertThatThrownBy(() -> new PaymentRequestMessage(" ", BODY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentRequestMessage("req-00000001", null)).isInstanceOf(NullPointerException.class).hasMessage("payment");
    }

    @Test
    void aRequestMessageThatIsNotOneIsMalformed() {
        byte[] noPayment = "{\"requestId\":\"req-00000001\"}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "{\"requestId\":".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PaymentRequestMessage.fromJson(noPayment)).isInstanceOf(CallFailure.class);
        assertThatThrownBy(() -> PaymentRequestMessage.fromJson(notJson)).isInstanceOf(CallFailure.class);
    }

    @Test
    void outcomesTravelAsJson() {
        PaymentOutcome paid = PaymentOutcome.paid("req-00000001", PAYMENT);
        PaymentOutcome declined = PaymentOutcome.declined("req-00000002", "card_declined");
        PaymentOutcome failed = PaymentOutcome.failed("req-00000003", "HTTP 400 bad_payment");

        assertThat(new String(declined.toJson(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"requestId\":\"req-00000002\",\"result\":\"DECLINED\",\"payment\":null,\"reason\":\"card_declined\"}");
        assertThat(PaymentOutcome.fromJson(paid.toJson())).isEqualTo(paid);
        assertThat(PaymentOutcome.fromJson(paid.toJson()).payment()).contains(PAYMENT);
        assertThat(PaymentOutcome.fromJson(declined.toJson())).isEqualTo(declined);
        assertThat(PaymentOutcome.fromJson(failed.toJson())).isEqualTo(failed);
    }

    @Test
    void aPaidOutcomeHasAPaymentAndTheOthersAReason() {
        assertThatThrownBy(() -> new PaymentOutcome("r-1", PaymentOutcome.Result.PAID, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentOutcome("r-1", PaymentOutcome.Result.PAID, Optional.of(PAYMENT), Optional.of("why")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentOutcome("r-1", PaymentOutcome.Result.DECLINED, Optional.of(PAYMENT), Optional.of("card_declined")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaymentOutcome.declined("r-1", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PaymentOutcome.failed("r-1", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> PaymentOutcome.paid(null, PAYMENT)).isInstanceOf(NullPointerException.class).hasMessage("requestId");
    }

    @Test
    void anOutcomeWithAMissingFieldIsMalformed() {
        byte[] noResult = "{\"requestId\":\"r-1\",\"payment\":null,\"reason\":\"card_declined\"}".getBytes(StandardCharsets.UTF_8);
        byte[] paidWithoutPayment = "{\"requestId\":\"r-1\",\"result\":\"PAID\",\"payment\":null,\"reason\":null}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PaymentOutcome.fromJson(noResult)).isInstanceOf(CallFailure.class);
        assertThatThrownBy(() -> PaymentOutcome.fromJson(paidWithoutPayment)).isInstanceOf(CallFailure.class);
    }

    @Test
    void theMessageKeepsItsOwnCopyOfTheOrderIds() {
        List<String> orderIds = new ArrayList<>(List.of("o-1", "o-2"));
        PaymentRequestMessage message = PaymentRequestMessage.of("req-00000001", new PaymentRequest("u-1", orderIds, 10));

        orderIds.add("o-3");

        assertThat(message.payment().orderIds()).containsExactly("o-1", "o-2");
        assertThatThrownBy(() -> message.payment().orderIds().add("o-4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void topicsAreTwoNamedTopics() {
        assertThat(PaymentTopics.DEFAULT.requests()).isEqualTo("payment-requests");
        assertThat(PaymentTopics.DEFAULT.outcomes()).isEqualTo("payment-outcomes");
        assertThatThrownBy(() -> new PaymentTopics("t", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentTopics("", "o")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentTopics("r", null)).isInstanceOf(NullPointerException.class).hasMessage("outcomes");
    }
}
