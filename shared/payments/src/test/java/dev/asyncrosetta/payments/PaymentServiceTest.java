package dev.asyncrosetta.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.broker.junit.KafkaExtension;
import dev.asyncrosetta.broker.junit.KafkaNames;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentOutcome.Result;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.payments.PaymentServiceStatus.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The payment service against a real broker and the real shop: what it charges, what it publishes,
 * and what a duplicate, a pause, a crash and an outage do. The shop's ledger is the witness: every
 * call it saw, with its Idempotency-Key, and every charge it captured.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class PaymentServiceTest {
    /** From publishing to the outcome: joining the group, a charge and a publish, on a busy 2-core machine. */
    private static final Duration OUTCOME_WITHIN = Duration.ofSeconds(30);

    private ShopBackend shop;

    @BeforeAll
    void startShop() {
        shop = ShopBackend.start();
    }

    @AfterEach
    void resetShop() {
        shop.reset();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    @Test
    void aPublishedRequestIsChargedOnceAndItsPaidOutcomeCarriesTheShopsPayment(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage request = rig.payingUser();

            rig.requests.publish(request);
            PaymentOutcome outcome = awaitOutcomes(rig, request.requestId(), 1).get(0);

            List<Charge> charges = shop.ledger().charges(request.requestId());
            assertThat(charges).singleElement().satisfies(charge -> {
                assertThat(charge.idempotencyKey()).isEqualTo(request.requestId());
                assertThat(charge.payment().amountCents()).isEqualTo(request.payment().amountCents());
                assertThat(charge.payment().orderIds()).isEqualTo(request.payment().orderIds());
            });
            assertThat(outcome.result()).isEqualTo(Result.PAID);
            assertThat(outcome.payment()).contains(charges.get(0).payment());
            assertThat(outcome.reason()).isEmpty();
            assertThat(rig.outcomes.keys()).as("outcomes are keyed by the request id").containsExactly(request.requestId());
            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).singleElement().satisfies(call -> {
                assertThat(call.idempotencyKey()).isEqualTo(request.requestId());
                assertThat(call.status()).isEqualTo(201);
            });
        }
    }

    @Test
    void aDeclinedCardGivesADeclinedOutcomeWithTheShopsReason(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage request = rig.paymentFor(shop.data().decliningUser());

            rig.requests.publish(request);
            PaymentOutcome outcome = awaitOutcomes(rig, request.requestId(), 1).get(0);

            assertThat(outcome.result()).isEqualTo(Result.DECLINED);
            assertThat(outcome.reason()).contains("card_declined");
            assertThat(outcome.payment()).isEmpty();
            assertThat(shop.ledger().charges(request.requestId())).isEmpty();
            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).as("a decline is not retried")
                    .extracting(Call::status).containsExactly(402);
        }
    }

    @Test
    void aDuplicateIsChargedOnceAndBothCopiesGetTheSamePayment(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage request = rig.payingUser();

            rig.requests.publish(request);
            rig.requests.publish(request);
            List<PaymentOutcome> outcomes = awaitOutcomes(rig, request.requestId(), 2);

            assertThat(shop.ledger().charges(request.requestId())).hasSize(1);
            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).as("the second copy is the shop's replay")
                    .allSatisfy(call -> assertThat(call.idempotencyKey()).isEqualTo(request.requestId()))
                    .extracting(Call::status).containsExactly(201, 200);
            assertThat(outcomes).extracting(PaymentOutcome::result).containsExactly(Result.PAID, Result.PAID);
            assertThat(outcomes.get(1).payment()).isEqualTo(outcomes.get(0).payment())
                    .contains(shop.ledger().charges(request.requestId()).get(0).payment());
            assertThat(rig.service.status()).satisfies(status -> {
                assertThat(status.charged()).isEqualTo(1);
                assertThat(status.replayed()).isEqualTo(1);
                assertThat(status.outcomesPublished()).isEqualTo(2);
            });
        }
    }

    @Test
    void pausedRequestsWaitInTheTopicAndAreEachChargedOnceOnResume(KafkaCluster kafka, KafkaNames names) throws Exception {
        // A short max.poll.interval.ms: a pause that stopped polling would be thrown out of the group
        // (its partitions revoked) well within the quiet period below.
        Duration maxPollInterval = Duration.ofSeconds(2);
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop, builder -> builder.maxPollInterval(maxPollInterval))) {
            PaymentRequestMessage warmUp = rig.payingUser();
            rig.requests.publish(warmUp);
            awaitOutcomes(rig, warmUp.requestId(), 1); // the service is in the group and taking requests

            rig.service.pause();
            long revokedBefore = rig.service.status().partitionsRevoked();
            List<PaymentRequestMessage> waiting = IntStream.range(0, 5).mapToObj(i -> rig.payingUser()).toList();
            waiting.forEach(rig.requests::publish);

            // Proving that something does not happen takes a wait: twice max.poll.interval.ms.
            await().during(maxPollInterval.multipliedBy(2)).atMost(maxPollInterval.multipliedBy(3))
                    .until(() -> waiting.stream().allMatch(r -> shop.ledger().calls(r.requestId()).isEmpty()));
            assertThat(rig.service.status().state()).isEqualTo(State.PAUSED);

            rig.service.resume();
            for (PaymentRequestMessage request : waiting) {
                assertThat(awaitOutcomes(rig, request.requestId(), 1)).extracting(PaymentOutcome::result).containsExactly(Result.PAID);
            }
            for (PaymentRequestMessage request : waiting) {
                assertThat(shop.ledger().charges(request.requestId())).as(request.requestId()).hasSize(1);
                assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).as(request.requestId()).hasSize(1);
            }
            assertThat(rig.service.status().state()).isEqualTo(State.RUNNING);
            // A consumer thrown out of its group learns it at its next poll, after the resume: counted by now.
            assertThat(rig.service.status().partitionsRevoked()).as("the paused service stayed in its group")
                    .isEqualTo(revokedBefore);
        }
    }

    @Test
    void aCrashAfterChargingRedeliversTheRequestAndTheShopChargesItOnce(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop, builder -> builder.restartDelay(Duration.ofMillis(200)))) {
            PaymentRequestMessage request = rig.payingUser();

            rig.service.crashAfterNextCharge();
            rig.requests.publish(request);
            PaymentOutcome outcome = awaitOutcomes(rig, request.requestId(), 1).get(0);

            // Two calls with the one key: the crashed service's charge (201) and the restarted one's
            // replay of the redelivered request (200). One charge, and its payment is the outcome's.
            List<Call> calls = shop.ledger().calls(request.requestId(), Route.PAYMENT);
            assertThat(calls).extracting(Call::status).containsExactly(201, 200);
            assertThat(calls).extracting(Call::idempotencyKey).containsOnly(request.requestId());
            assertThat(shop.ledger().charges(request.requestId())).singleElement()
                    .satisfies(charge -> assertThat(outcome.payment()).contains(charge.payment()));
            assertThat(outcome.result()).isEqualTo(Result.PAID);
            assertThat(rig.service.status()).satisfies(status -> {
                assertThat(status.crashes()).isEqualTo(1);
                assertThat(status.requestsConsumed()).as("delivered twice").isEqualTo(2);
                assertThat(status.outcomesPublished()).as("the crashed life published nothing").isEqualTo(1);
                assertThat(status.state()).isEqualTo(State.RUNNING);
            });
            assertThat(rig.outcomes.of(request.requestId())).hasSize(1);
        }
    }

    @Test
    void aShopOutageIsRetriedWithTheSameKeyUntilTheShopAnswers(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop,
                builder -> builder.retries(3, Duration.ofMillis(20)).retryBackoff(Duration.ofMillis(200)))) {
            PaymentRequestMessage request = rig.payingUser();
            // The first delivery's 3 attempts and the first attempt of the next delivery: 503, no charge.
            shop.addFault(FaultRule.parse("payment#" + request.requestId() + "@1-4=503"));

            rig.requests.publish(request);
            PaymentOutcome outcome = awaitOutcomes(rig, request.requestId(), 1).get(0);

            assertThat(outcome.result()).isEqualTo(Result.PAID);
            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT))
                    .allSatisfy(call -> assertThat(call.idempotencyKey()).isEqualTo(request.requestId()))
                    .extracting(Call::status).containsExactly(503, 503, 503, 503, 201);
            assertThat(shop.ledger().charges(request.requestId())).hasSize(1);
            assertThat(rig.outcomes.of(request.requestId())).hasSize(1);
        }
    }

    @Test
    void aPaymentTheShopRefusesFailsAtOnceAndIsNotRetried(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop)) {
            PaymentRequestMessage right = rig.payingUser();
            PaymentRequest wrongAmount = new PaymentRequest(right.payment().userId(), right.payment().orderIds(),
                    right.payment().amountCents() + 1);
            PaymentRequestMessage request = PaymentRequestMessage.of(right.requestId(), wrongAmount);

            rig.requests.publish(request);
            PaymentOutcome outcome = awaitOutcomes(rig, request.requestId(), 1).get(0);

            assertThat(outcome.result()).isEqualTo(Result.FAILED);
            assertThat(outcome.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("400").contains("bad_payment"));
            assertThat(shop.ledger().calls(request.requestId(), Route.PAYMENT)).extracting(Call::status).containsExactly(400);
            assertThat(shop.ledger().charges(request.requestId())).isEmpty();
        }
    }

    @Test
    void anUnreadableRequestIsAnsweredFailedAndTheNextOneIsStillPaid(KafkaCluster kafka, KafkaNames names) throws Exception {
        try (PaymentRig rig = PaymentRig.start(kafka, names, shop, builder -> builder.partitions(1))) {
            String garbledId = PaymentRig.newRequestId();
            PaymentRequestMessage next = rig.payingUser();

            rig.requests.publish(garbledId, "{\"requestId\":".getBytes(StandardCharsets.UTF_8));
            rig.requests.publish(next);

            assertThat(awaitOutcomes(rig, garbledId, 1).get(0)).satisfies(outcome -> {
                assertThat(outcome.result()).isEqualTo(Result.FAILED);
                assertThat(outcome.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("unreadable payment request"));
            });
            assertThat(awaitOutcomes(rig, next.requestId(), 1).get(0).result()).isEqualTo(Result.PAID);
            assertThat(shop.ledger().calls(garbledId)).isEmpty();
        }
    }

    /** Waits until the reader has at least {@code count} outcomes for the request, and returns them. */
    static List<PaymentOutcome> awaitOutcomes(PaymentRig rig, String requestId, int count) {
        return await().atMost(OUTCOME_WITHIN).until(() -> rig.outcomes.of(requestId), outcomes -> outcomes.size() >= count);
    }
}
