package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The admin routes that drive an attached payment service, with a stand-in that records what it was asked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class PaymentServiceAdminRoutesTest {
    private static final List<String> COMMANDS = List.of("pause", "resume", "crash-after-next-charge", "stop");

    private ShopBackend shop;
    private HttpClient http;

    @BeforeAll
    void start() {
        shop = ShopBackend.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void detach() {
        shop.detachPaymentService();
        shop.reset();
    }

    @AfterAll
    void stop() {
        shop.close();
    }

    @Test
    void withoutAPaymentServiceEveryRouteSaysThereIsNone() throws Exception {
        HttpResponse<String> status = get("/admin/payment-service");

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(status.body()).contains("\"error\":\"no_payment_service\"").contains("no payment service is attached");
        for (String command : COMMANDS) {
            HttpResponse<String> answer = post("/admin/payment-service/" + command);
            assertThat(answer.statusCode()).as(command).isEqualTo(404);
            assertThat(answer.body()).as(command).contains("no_payment_service");
        }
    }

    @Test
    void eachRouteAsksTheAttachedServiceOnceAndAnswersAccepted() throws Exception {
        RecordingControl control = new RecordingControl();
        shop.attachPaymentService(control);

        for (String command : COMMANDS) {
            assertThat(post("/admin/payment-service/" + command).statusCode()).as(command).isEqualTo(202);
        }

        assertThat(control.asked).containsExactly("pause", "resume", "crashAfterNextCharge", "stop");
        assertThat(control.threads).as("the shop asks on its event loops, which is why a control must not block")
                .allSatisfy(thread -> assertThat(thread).startsWith("vert.x-eventloop-thread-"));
    }

    @Test
    void statusIsTheServicesOwnLine() throws Exception {
        shop.attachPaymentService(new RecordingControl());

        HttpResponse<String> status = get("/admin/payment-service");

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(status.body()).isEqualTo("running, asked 0 times\n");
    }

    @Test
    void detachingAndAttachingAnotherTakesEffectAtOnce() throws Exception {
        RecordingControl first = new RecordingControl();
        RecordingControl second = new RecordingControl();
        shop.attachPaymentService(first);
        shop.attachPaymentService(second);

        post("/admin/payment-service/pause");
        shop.detachPaymentService();
        HttpResponse<String> afterDetach = post("/admin/payment-service/resume");

        assertThat(first.asked).isEmpty();
        assertThat(second.asked).containsExactly("pause");
        assertThat(afterDetach.statusCode()).isEqualTo(404);
    }

    @Test
    void resettingTheShopKeepsTheService() throws Exception {
        shop.attachPaymentService(new RecordingControl());

        shop.reset();

        assertThat(get("/admin/payment-service").statusCode()).isEqualTo(200);
    }

    @Test
    void aServiceThatFailsIsA500NotABadRequest() throws Exception {
        shop.attachPaymentService(new RecordingControl() {
            @Override
            public void pause() {
                throw new IllegalStateException("the service is gone");
            }
        });

        HttpResponse<String> answer = post("/admin/payment-service/pause");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("payment_service_failed").contains("the service is gone");
    }

    @Test
    void onlyTheNamedMethodsAndCommandsAreRoutes() throws Exception {
        RecordingControl control = new RecordingControl();
        shop.attachPaymentService(control);

        assertThat(get("/admin/payment-service/pause").statusCode()).isEqualTo(404);
        assertThat(post("/admin/payment-service").statusCode()).isEqualTo(404);
        assertThat(post("/admin/payment-service/restart").statusCode()).isEqualTo(404);
        assertThat(control.asked).isEmpty();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(shop.baseUri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(shop.baseUri().resolve(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Records each command and the thread that gave it; a real control would only set a flag, as this one does. */
    private static class RecordingControl implements PaymentServiceControl {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        private void record(String command) {
            asked.add(command);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void pause() {
            record("pause");
        }

        @Override
        public void resume() {
            record("resume");
        }

        @Override
        public void crashAfterNextCharge() {
            record("crashAfterNextCharge");
        }

        @Override
        public void stop() {
            record("stop");
        }

        @Override
        public String status() {
            return "running, asked " + asked.size() + " times";
        }
    }
}
