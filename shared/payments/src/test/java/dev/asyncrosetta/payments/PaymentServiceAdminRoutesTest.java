package dev.asyncrosetta.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.payments.PaymentServiceStatus.State;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shop's admin routes drive a real payment service: an outage caused over HTTP, as a demo would. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PaymentServiceAdminRoutesTest {
    private ShopBackend shop;
    private HttpClient http;

    @BeforeAll
    void start() {
        shop = ShopBackend.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void reset() {
        shop.detachPaymentService();
        shop.reset();
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    @Test
    void pauseOverHttpHoldsTheRequestsAndResumeOverHttpPaysThem(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            shop.attachPaymentService(new ShopAdminHook(rig.service));
            PaymentRequestMessage warmUp = rig.payingUser();
            rig.requests.publish(warmUp);
            PaymentServiceTest.awaitOutcomes(rig, warmUp.requestId(), 1);

            assertThat(post("/admin/payment-service/pause").statusCode()).isEqualTo(202);
            PaymentRequestMessage held = rig.payingUser();
            rig.requests.publish(held);

            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> shop.ledger().calls(held.requestId()).isEmpty());
            HttpResponse<String> paused = get("/admin/payment-service");
            assertThat(paused.statusCode()).isEqualTo(200);
            assertThat(paused.body()).startsWith(rig.service.name() + " PAUSED");

            assertThat(post("/admin/payment-service/resume").statusCode()).isEqualTo(202);
            PaymentOutcome outcome = PaymentServiceTest.awaitOutcomes(rig, held.requestId(), 1).get(0);

            assertThat(outcome.result()).isEqualTo(PaymentOutcome.Result.PAID);
            assertThat(shop.ledger().charges(held.requestId())).hasSize(1);
            assertThat(get("/admin/payment-service").body()).startsWith(rig.service.name() + " RUNNING");
        }
    }

    @Test
    void crashOverHttpIsRedeliveredAndChargedOnce(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop, builder -> builder.restartDelay(Duration.ofMillis(200)))) {
            shop.attachPaymentService(new ShopAdminHook(rig.service));
            PaymentRequestMessage request = rig.payingUser();

            assertThat(post("/admin/payment-service/crash-after-next-charge").statusCode()).isEqualTo(202);
            rig.requests.publish(request);
            PaymentServiceTest.awaitOutcomes(rig, request.requestId(), 1);

            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).extracting(Call::status).containsExactly(201, 200);
            assertThat(shop.ledger().charges(request.requestId())).hasSize(1);
            assertThat(get("/admin/payment-service").body()).contains("crashes 1");
        }
    }

    @Test
    void stopOverHttpStopsTheService(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            shop.attachPaymentService(new ShopAdminHook(rig.service));

            assertThat(post("/admin/payment-service/stop").statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> rig.service.status().state() == State.STOPPED);
            PaymentRequestMessage request = rig.payingUser();
            rig.requests.publish(request);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> shop.ledger().calls(request.requestId()).isEmpty());
            assertThat(get("/admin/payment-service").body()).startsWith(rig.service.name() + " STOPPED");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(shop.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(shop.baseUri().resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
