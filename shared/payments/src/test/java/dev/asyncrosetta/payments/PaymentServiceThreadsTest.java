package dev.asyncrosetta.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.payments.PaymentServiceStatus.State;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping the service leaves none of its threads behind: its own, its HTTP client's, its Kafka clients'. */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PaymentServiceThreadsTest {
    private ShopBackend shop;

    @BeforeAll
    void startShop() {
        shop = ShopBackend.start();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    @Test
    void closeLeavesNoThreadOfTheService(KafkaCluster kafka, KafkaNames names) throws Exception {
        Set<String> selectorsBefore = httpClientSelectors();
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage request = rig.payingUser();
            rig.requests.publish(request); // every thread of the service exists once it has paid something
            PaymentServiceTest.awaitOutcomes(rig, request.requestId(), 1);
            List<String> running = threadsOf(rig.service);
            assertThat(running).as("the service's threads, found by name while it runs")
                    .anyMatch(name -> name.equals(rig.service.name() + "-poll"))
                    .anyMatch(name -> name.startsWith(rig.service.name() + "-http-"))
                    .anyMatch(name -> name.contains(rig.service.name() + "-producer-"))
                    .anyMatch(name -> name.contains(rig.service.group()));
            assertThat(newSelectors(selectorsBefore)).as("its HTTP client's selector").hasSize(1);

            rig.service.close();

            assertThat(threadsOf(rig.service)).isEmpty();
            assertThat(rig.service.status().state()).isEqualTo(State.STOPPED);
            // On JDK 21+ closing the client ends its selector thread; it may take a moment to notice.
            if (Runtime.version().feature() >= 21) {
                await().atMost(Duration.ofSeconds(10)).until(() -> newSelectors(selectorsBefore).isEmpty());
            }
        }
    }

    @Test
    void stopReturnsAtOnceAndItsFutureCompletesOnceEverythingIsClosed(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage request = rig.payingUser();
            rig.requests.publish(request);
            PaymentServiceTest.awaitOutcomes(rig, request.requestId(), 1);

            long start = System.nanoTime();
            var stopped = rig.service.stop();
            Duration asking = Duration.ofNanos(System.nanoTime() - start);

            assertThat(asking).as("stop only asks").isLessThan(Duration.ofMillis(100));
            stopped.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(rig.service.status().state()).isEqualTo(State.STOPPED);
            await().atMost(Duration.ofSeconds(5)).until(() -> threadsOf(rig.service).isEmpty());
        }
    }

    /**
     * The service's threads: its own ({@code <name>-poll}, {@code <name>-http-N}), its producer's
     * ({@code kafka-producer-network-thread | <name>-producer-N}) and its consumer's heartbeat
     * ({@code kafka-coordinator-heartbeat-thread | <group>}).
     */
    private static List<String> threadsOf(PaymentService service) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(service.name() + "-") || name.contains("| " + service.name() + "-")
                        || name.endsWith("| " + service.group()))
                .sorted().toList();
    }

    private static Set<String> httpClientSelectors() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("HttpClient-") && name.endsWith("-SelectorManager"))
                .collect(Collectors.toSet());
    }

    private static Set<String> newSelectors(Set<String> before) {
        Set<String> now = httpClientSelectors();
        now.removeAll(before);
        return now;
    }
}
