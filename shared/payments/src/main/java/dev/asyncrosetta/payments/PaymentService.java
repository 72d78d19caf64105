package dev.asyncrosetta.payments;

import dev.asyncrosetta.broker.KafkaCluster;
import dev.asyncrosetta.model.PaymentTopics;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment service behind the broker: takes {@code PaymentRequestMessage}s from the request topic in
 * a consumer group, charges each at the shop ({@code POST /payments}, the request id as Idempotency-Key)
 * and publishes a {@code PaymentOutcome} for each on the outcome topic, keyed by the request id.
 * Delivery is at least once and every charge happens once; {@link RequestLoop} says how.
 *
 * <pre>{@code
 * try (PaymentService payments = PaymentService.builder(kafka, shop.baseUri()).start()) {
 *     ... checkouts publish on PaymentTopics.DEFAULT.requests(), read outcomes on .outcomes() ...
 * }
 * }</pre>
 *
 * <p>Everything runs on one thread of its own, {@code <name>-poll} (plus {@code <name>-http-N} for the
 * HTTP client, and the Kafka clients' own threads, named after {@code <name>-consumer-N} and
 * {@code <name>-producer-N}). The controls ({@link #pause}, {@link #resume}, {@link #crashAfterNextCharge},
 * {@link #stop}) may be called from any thread at any time and return at once: they set a flag the
 * poll thread acts on, so a Vert.x event loop (the shop's admin routes) may call them.
 *
 * <p>A crash is followed by a restart: after the restart delay a fresh consumer and producer join the
 * same group, as a supervisor would restart a crashed process. Restarting by itself keeps a test (and
 * an outage demo driven over HTTP) to one action, the crash, while the status still shows it happened.
 */
public final class PaymentService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofMinutes(2);

    private final Settings settings;
    private final KafkaCluster kafka;
    private final Controls controls = new Controls();
    private final Counters counters = new Counters();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean restarting;

    private PaymentService(Settings settings, KafkaCluster kafka) {
        this.settings = settings;
        this.kafka = kafka;
        this.thread = new Thread(this::run, settings.name() + "-poll");
        this.thread.setDaemon(true);
    }

    /** A service for the shop at {@code shop}, on {@code kafka}; the builder's defaults fit a program. */
    public static PaymentServiceBuilder builder(KafkaCluster kafka, URI shop) {
        return new PaymentServiceBuilder(kafka, shop);
    }

    /**
     * Creates both topics with {@code partitions} partitions each, if they do not exist yet (an existing
     * topic is left as it is). The service does this when it starts; a checkout may do it too.
     */
    public static void createTopics(KafkaCluster kafka, PaymentTopics topics, int partitions) {
        kafka.createTopic(topics.requests(), partitions);
        kafka.createTopic(topics.outcomes(), partitions);
    }

    static PaymentService start(Settings settings, KafkaCluster kafka) {
        createTopics(kafka, settings.topics(), settings.partitions());
        PaymentService service = new PaymentService(settings, kafka);
        service.thread.start();
        return service;
    }

    public String name() {
        return settings.name();
    }

    public PaymentTopics topics() {
        return settings.topics();
    }

    public String group() {
        return settings.group();
    }

    /** Stops taking requests, at once: they wait in the topic. The service stays in its group. */
    public void pause() {
        controls.pause();
    }

    public void resume() {
        controls.resume();
    }

    /**
     * The next request that is paid (a 201 or a replayed 200) is charged at the shop, then the service
     * crashes before publishing its outcome or committing it: its consumer closes without a commit, so
     * the group delivers that request again to the restarted service, which pays it again (a replay,
     * the same payment) and publishes the outcome.
     */
    public void crashAfterNextCharge() {
        controls.armCrash();
    }

    /**
     * Asks the service to stop and returns at once; the future completes, as the poll thread's last act,
     * once its consumer, producer and HTTP client are closed. The request in hand, if any, is finished
     * (published and committed) when the shop answers its current call; otherwise it stays uncommitted
     * and the group delivers it again to whichever service joins next.
     */
    public CompletableFuture<Void> stop() {
        controls.requestStop();
        return stopped.copy();
    }

    /** Stops the service and waits until its threads have ended. May be called more than once. */
    @Override
    public void close() {
        controls.requestStop();
        if (Thread.currentThread() == thread) {
            return; // called on the poll thread itself, which ends once it returns there
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + settings.name() + " was stopping", e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(settings.name() + " did not stop within " + CLOSE_TIMEOUT);
        }
    }

    public PaymentServiceStatus status() {
        PaymentServiceStatus.State state = stopped.isDone() ? PaymentServiceStatus.State.STOPPED
                : restarting ? PaymentServiceStatus.State.RESTARTING
                : controls.paused() ? PaymentServiceStatus.State.PAUSED
                : PaymentServiceStatus.State.RUNNING;
        return counters.snapshot(state);
    }

    @Override
    public String toString() {
        return settings.name() + " (" + status() + ")";
    }

    /** The poll thread: one life after another, a crash ending a life and a stop ending them all. */
    private void run() {
        Throwable failure = null;
        try (ShopCharger shop = new ShopCharger(settings, controls, counters)) {
            for (int life = 1; !controls.stopRequested(); life++) {
                RequestLoop.Ending ending;
                try {
                    ending = new RequestLoop(settings, kafka, shop, controls, counters, life).run();
                } catch (RuntimeException e) {
                    // A broker that cannot be reached, or a bug: the same as a crash, so the service
                    // recovers as a supervised process would, with nothing committed that was not done.
                    log.error("{} (life {}) failed; restarting in {}", settings.name(), life, settings.restartDelay(), e);
                    ending = RequestLoop.Ending.CRASHED;
                }
                if (ending == RequestLoop.Ending.STOPPED) {
                    break;
                }
                counters.crashes.incrementAndGet();
                restarting = true;
                if (controls.awaitStop(settings.restartDelay())) {
                    break;
                }
                restarting = false;
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            restarting = false;
            log.info("{} stopped: {}", settings.name(), counters.snapshot(PaymentServiceStatus.State.STOPPED));
            if (failure == null) {
                stopped.complete(null);
            } else {
                stopped.completeExceptionally(failure);
            }
        }
    }
}
