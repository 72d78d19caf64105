package dev.asyncrosetta.model.jdkhttp;

import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.ShopApi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopRequestsTest {
    private static final URI BASE = URI.create("http://127.0.0.1:8080/");

    @Test
    void everyReadCarriesItsRequestIdAndAsksForJson() {
        ShopRequests requests = ShopRequests.untimed(BASE);

        for (HttpRequest request : List.of(requests.user("r-1", "u 1"), requests.orders("r-1", "u-1"), requests.details("r-1", "o-1"))) {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.headers().firstValue(ShopApi.REQUEST_ID_HEADER)).contains("r-1");
            assertThat(request.headers().firstValue("Accept")).contains(ShopApi.JSON);
            assertThat(request.headers().firstValue(ShopApi.IDEMPOTENCY_KEY_HEADER)).isEmpty();
            assertThat(request.timeout()).as("timed by the style, over the whole exchange").isEmpty();
        }
        assertThat(requests.user("r-1", "u 1").uri()).isEqualTo(URI.create("http://127.0.0.1:8080/users/u%201"));
        assertThat(requests.details("r-1", "o-1").uri().getPath()).isEqualTo("/orders/o-1/details");
    }

    @Test
    void thePaymentIsKeyedByItsRequestId() {
        HttpRequest pay = ShopRequests.untimed(BASE).pay("r-2", new PaymentRequest("u-1", List.of("o-1"), 1250));

        assertThat(pay.method()).isEqualTo("POST");
        assertThat(pay.uri().getPath()).isEqualTo(ShopApi.PAYMENTS_PATH);
        assertThat(pay.headers().firstValue(ShopApi.IDEMPOTENCY_KEY_HEADER)).contains("r-2");
        assertThat(pay.headers().firstValue(ShopApi.REQUEST_ID_HEADER)).contains("r-2");
        assertThat(pay.headers().firstValue("Content-Type")).contains(ShopApi.JSON);
        assertThat(pay.bodyPublisher()).hasValueSatisfying(body -> assertThat(body.contentLength()).isPositive());
    }

    @Test
    void untimedRequestsLeaveTheTimeoutToTheCaller() {
        assertThat(ShopRequests.untimed(BASE).orders("r-3", "u-1").timeout()).isEmpty();
    }
}
