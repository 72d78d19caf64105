package dev.asyncrosetta.app.outage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.app.Rosetta;
import dev.asyncrosetta.app.outage.CheckoutRecord.Ending;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.broker.BrokerProcess;
import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.PaymentTopics;
import dev.asyncrosetta.payments.PaymentService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outage, short: 10 checkouts a second for 4 s, the payment service away from 1 s to 3 s, a 1 s
 * deadline. The broker is a child JVM, standing where a separately run cluster would: the command
 * reaches it only through --kafka.
 */
@Timeout(180)
class OutageCommandTest {
    private static final OutageSchedule SCHEDULE = new OutageSchedule(10, Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final CheckoutPolicy POLICY = CheckoutPolicy.defaults().withDeadline(DEADLINE).withCallTimeout(DEADLINE);
    /** How far from its deadline a checkout may end and still have ended "at" it, on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(400);

    private static BrokerProcess broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerProcess.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) broker.close();
    }

    @Test
    void overHttpTheCheckoutsOfTheOutageFailAtTheirDeadlineAndThroughTheBrokerTheyCompleteAndAreChargedOnceAfterIt()
            throws Exception {
        CheckoutStyle style = CheckoutStyle.named("futures");
        PaymentTopics topics = new PaymentTopics("drill-requests", "drill-outcomes");
        try (ShopBackend shop = ShopBackend.builder().latency(Duration.ofMillis(10)).start();
                KafkaCluster kafka = KafkaCluster.external(broker.bootstrapServers());
                PaymentService payments = PaymentService.builder(kafka, shop.baseUri()).topics(topics).group("drill").start()) {
            OutageDrill drill = new OutageDrill(SCHEDULE, POLICY, shop.ledger(), Customers.of(shop.data(), 0));

            OutageRun http = drill.run(style, new PaymentOverHttp(shop, POLICY), "drill-http");
            OutageRun queued = drill.run(style, new PaymentThroughBroker(shop.baseUri(), POLICY, kafka, topics, payments), "drill-broker");

            assertThat(http.checkouts()).hasSize(SCHEDULE.checkouts());
            List<CheckoutRecord> caught = http.startedDuringOutage().stream()
                    .filter(c -> c.startNanos() + DEADLINE.toNanos() < http.outageEnded()).toList();
            assertThat(caught).as("HTTP checkouts whose deadline came within the outage").hasSizeGreaterThanOrEqualTo(8)
                    .allSatisfy(c -> {
                        assertThat(c.ending()).as(c.requestId()).isEqualTo(Ending.FAILED);
                        assertThat(c.failure()).as(c.requestId()).isEqualTo("DeadlineExceededException");
                        assertThat(Duration.ofNanos(c.latencyNanos())).as("%s failed after", c.requestId())
                                .isBetween(DEADLINE.minusMillis(50), DEADLINE.plus(SLACK));
                    });
            assertThat(http.checkouts()).as("HTTP checkouts ended before the outage")
                    .filteredOn(c -> c.endNanos() < http.outageBegan()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.ending()).as(c.requestId()).isEqualTo(Ending.PAID));
            assertThat(http.charges().right()).as("HTTP: %s", http.charges()).isTrue();

            assertThat(OutageRun.percentile(queued.startedDuringOutage(), 50)).as("median latency of the broker checkouts of the outage")
                    .isLessThan(DEADLINE.dividedBy(4));
            assertThat(queued.checkouts()).hasSize(SCHEDULE.checkouts())
                    .allSatisfy(c -> assertThat(c.ending()).as(c.requestId()).isEqualTo(Ending.PAYMENT_PENDING));
            assertThat(queued.startedDuringOutage()).as("broker checkouts started during the outage").hasSizeGreaterThanOrEqualTo(18)
                    .allSatisfy(c -> {
                        List<Long> charges = queued.chargeTimes().getOrDefault(c.requestId(), List.of());
                        assertThat(charges).as("charges of %s", c.requestId()).hasSize(1)
                                .allSatisfy(at -> assertThat(at).as("charged after the return").isGreaterThanOrEqualTo(queued.outageEnded()));
                    });
            assertThat(queued.charges().right()).as("broker: %s", queued.charges()).isTrue();
            assertThat(queued.catchUp()).as("every payment that waited charged").isPresent();
            assertThat(queued.seconds()).as("payments pending at the end of an outage second")
                    .filteredOn(OutageSecond::outage).extracting(OutageSecond::paymentsPending).anyMatch(n -> n >= 10);
        }
    }

    @Test
    void withKafkaTheCommandPublishesToThatClusterAndCreatesItsTopicsThere() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Rosetta.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(
                "outage", "--paths", "broker", "--kafka", broker.bootstrapServers(), "--style", "futures", "--rate", "5", "--duration", "2s",
                "--outage-at", "500ms", "--outage-for", "1s", "--deadline", "1s", "--latency", "5ms");

        assertThat(exitCode).as("exit code; stderr:%n%s", err).isZero();
        try (KafkaCluster kafka = KafkaCluster.external(broker.bootstrapServers())) {
            assertThat(TopicRecords.count(kafka, OutageCommand.TOPICS.requests()))
                    .as("payment requests on the cluster --kafka names: 8 of the run (5/s for 2 s, one in 5 with nothing to pay)"
                            + " and 8 of its warm-up")
                    .isEqualTo(16);
        }
        assertThat(out.toString()).contains("Broker: Kafka at " + broker.bootstrapServers() + ",");
    }
}
