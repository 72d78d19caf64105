package dev.asyncrosetta.contract;

import dev.asyncrosetta.model.BrokerPaymentStyle;
import dev.asyncrosetta.model.BrokerPayments;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentDeclinedException;
import dev.asyncrosetta.model.PaymentOutcome;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.PaymentRequestMessage;
import dev.asyncrosetta.model.PendingPayment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.RunningCheckouts;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain blocking checkout that pays through the broker, for BrokerContract's own tests: a thread per
 * checkout, {@code send(...).get()}, and one outcome consumer. It can carry one flaw at a time. It
 * fetches without retries: the broker scenarios do not fault the shop's reads.
 */
final class BrokerSketchStyle implements BrokerPaymentStyle {

    enum Flaw {
        NONE,
        /** Publishes the request, then a copy under a fresh key, as a retry that made its own id would. */
        PUBLISHES_TWICE_WITH_FRESH_KEY,
        /** Publishes the order ids in reverse: the payment service cannot charge what nobody ordered that way. */
        ORDER_IDS_REVERSED,
        /** Waits for the acknowledgement as long as the producer likes (max.block.ms 60 s), not callTimeout. */
        NO_PUBLISH_TIMEOUT,
        /** Answers the deadline with a pending receipt even when the broker never acknowledged the request. */
        PENDING_AT_EVERY_DEADLINE,
        /** Carrying on, still waits for the payment's outcome (up to the deadline) before it answers. */
        CARRY_ON_AWAITS_OUTCOME,
        /** Does not stop a checkout its caller cancelled (its thread is never interrupted): it goes on and publishes. */
        PUBLISHES_AFTER_CANCEL,
        /** close() ends the outcome listener's thread without closing its consumer (its sockets stay open). */
        LISTENER_ENDS_WITHOUT_CLOSING_CONSUMER,
        /** close() leaves the deadline timer's thread running. */
        TIMER_LEFT_RUNNING,
        /** Maps every outcome that is not PAID to a declined card, a FAILED one included. */
        FAILED_AS_DECLINED,
        /**
         * Hands each send to a publishing thread of its own and does not take it back when the checkout
         * stops: a send queued behind one that waits for the topic's metadata goes out once it is there.
         */
        QUEUED_SEND_NOT_TAKEN_BACK,
        /**
         * Hands each send to a publishing thread of its own and tells its caller BROKER_UNAVAILABLE when
         * the call timeout runs out while the send waits there, but leaves it queued: it begins once the
         * thread gets to it.
         */
        QUEUED_SEND_BEGUN_AFTER_ITS_TIMEOUT,
        /** close() closes the producer and waits for the outcome listener on a thread of its own, and returns at once. */
        CLOSES_KAFKA_CLIENTS_AFTER_RETURNING,
        /** The outcome listener ends, with an exception, at an outcome nobody waits for (a stopped checkout's). */
        LISTENER_ENDS_AT_AN_OUTCOME_NOBODY_AWAITS,
        /** Tells its caller of a send Kafka refused at once only when the call timeout runs out. */
        REFUSAL_TOLD_AT_THE_TIMEOUT,
        /** An open() Kafka refuses as it builds the producer leaves the consumer built before it, and the HTTP client, open. */
        REFUSED_OPEN_LEAVES_WHAT_IT_BUILT
    }

    private final Flaw flaw;

    BrokerSketchStyle(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "broker-sketch-" + flaw;
    }

    @Override
    public String summary() {
        return "a plain blocking checkout paying through the broker, with the flaw " + flaw;
    }

    /** The broker scenarios never open it this way; a caller that does learns so at once. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        throw new UnsupportedOperationException("the broker sketch only pays through the broker");
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments) {
        return new Service(shopBaseUri, policy, payments);
    }

    private final class Service implements CheckoutService {
        private final URI base;
        private final CheckoutPolicy policy;
        private final BrokerPayments payments;
        private final ExecutorService http = Executors.newCachedThreadPool(runnable -> new Thread(runnable, "broker-sketch-http"));
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http).build();
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, CompletableFuture<PaymentOutcome>> awaiting = new ConcurrentHashMap<>();
        private final CompletableFuture<Void> listening = new CompletableFuture<>();
        private final Thread listener;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "broker-sketch-timer"));
        private final ExecutorService publishing = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "broker-sketch-publishing"));
        private final RunningCheckouts running = new RunningCheckouts();
        private final List<Thread> workers = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean closed;

        Service(URI base, CheckoutPolicy policy, BrokerPayments payments) {
            this.base = base;
            this.policy = policy;
            this.payments = payments;
            Map<String, Object> producerConfig = new HashMap<>(payments.clientProperties());
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            if (flaw != Flaw.NO_PUBLISH_TIMEOUT) {
                int millis = Math.toIntExact(policy.callTimeout().toMillis());
                producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
                producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
                producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
                producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            }
            Map<String, Object> consumerConfig = new HashMap<>(payments.clientProperties());
            consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            // The consumer first, as the styles build their outcome listener before their producer.
            KafkaConsumer<String, byte[]> built = null;
            try {
                built = new KafkaConsumer<>(consumerConfig);
                this.producer = new KafkaProducer<>(producerConfig);
            } catch (RuntimeException refused) {
                if (flaw != Flaw.REFUSED_OPEN_LEAVES_WHAT_IT_BUILT) {
                    if (built != null) built.close();
                    closeHttpClient();
                }
                throw refused;
            }
            this.consumer = built;
            this.listener = new Thread(this::listen, "broker-sketch-outcomes");
            this.listener.start();
        }

        private void listen() {
            try {
                listenUntilClosed();
            } finally {
                if (flaw != Flaw.LISTENER_ENDS_WITHOUT_CLOSING_CONSUMER) consumer.close();
            }
        }

        private void listenUntilClosed() {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                while (partitions.isEmpty() && !closed) {
                    try {
                        consumer.partitionsFor(payments.topics().outcomes())
                                .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                    } catch (org.apache.kafka.common.errors.TimeoutException unreachable) {
                        // again, until closed
                    }
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                listening.complete(null);
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        PaymentOutcome outcome = PaymentOutcome.fromJson(record.value());
                        CompletableFuture<PaymentOutcome> waiting = awaiting.remove(outcome.requestId());
                        if (waiting != null) waiting.complete(outcome);
                        else if (flaw == Flaw.LISTENER_ENDS_AT_AN_OUTCOME_NOBODY_AWAITS) {
                            throw new IllegalStateException("nobody awaits the outcome of " + outcome.requestId());
                        }
                    }
                }
            } catch (WakeupException closing) {
                // close()
            }
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            try {
                CheckoutRequest.requireValid(request);
            } catch (CheckoutException invalid) {
                return CompletableFuture.failedFuture(invalid);
            }
            if (running.isClosed()) {
                return CompletableFuture.failedFuture(RunningCheckouts.closedService());
            }
            CompletableFuture<Receipt> result = new CompletableFuture<>();
            AtomicReference<Receipt> pendingAtDeadline = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    result.complete(run(request, pendingAtDeadline));
                } catch (CheckoutException failure) {
                    result.completeExceptionally(failure);
                } catch (InterruptedException stopped) {
                    // decided by the deadline, the caller or close()
                } finally {
                    workers.remove(Thread.currentThread());
                }
            }, "broker-sketch-checkout");
            if (flaw != Flaw.PUBLISHES_AFTER_CANCEL) result.whenComplete((receipt, failure) -> worker.interrupt());
            running.track(result);
            timer.schedule(() -> {
                Receipt pending = pendingAtDeadline.get();
                if (pending != null) result.complete(pending);
                else result.completeExceptionally(new DeadlineExceededException(policy.deadline()));
            }, policy.deadline().toMillis(), TimeUnit.MILLISECONDS);
            workers.add(worker);
            worker.start();
            return result;
        }

        private Receipt run(CheckoutRequest request, AtomicReference<Receipt> pendingAtDeadline) throws InterruptedException {
            String id = request.requestId();
            User user = get(Step.USER, request, ShopApi.userPath(request.userId()), Json::user);
            List<Order> orders = get(Step.ORDERS, request, ShopApi.ordersPath(user.id()), Json::orders);
            if (orders.isEmpty()) return Receipt.nothingToPay(id, user);
            List<OrderDetails> details = new ArrayList<>();
            for (Order order : orders) {
                details.add(get(Step.DETAILS, request, ShopApi.detailsPath(order.id()), Json::details));
            }
            PaymentRequest payment = PaymentRequest.forDetails(user, details);
            Receipt pending = Receipt.pending(id, user, orders, details, new PendingPayment(id, payment));
            if (flaw == Flaw.PENDING_AT_EVERY_DEADLINE) pendingAtDeadline.set(pending);
            PaymentRequest published = payment;
            if (flaw == Flaw.ORDER_IDS_REVERSED) {
                List<String> reversed = new ArrayList<>(payment.orderIds());
                Collections.reverse(reversed);
                published = new PaymentRequest(payment.userId(), reversed, payment.amountCents());
            }
            CompletableFuture<PaymentOutcome> outcome = new CompletableFuture<>();
            boolean awaitOutcome = payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME || flaw == Flaw.CARRY_ON_AWAITS_OUTCOME;
            if (awaitOutcome) awaiting.put(id, outcome);
            publish(request, PaymentRequestMessage.of(id, published));
            if (flaw == Flaw.PUBLISHES_TWICE_WITH_FRESH_KEY) publish(request, PaymentRequestMessage.of(id + "-again", published));
            if (!awaitOutcome) return pending;
            pendingAtDeadline.set(pending);
            try {
                PaymentOutcome decided = outcome.get();
                if (decided.result() == PaymentOutcome.Result.PAID) return Receipt.paid(id, user, orders, details, decided.payment().orElseThrow());
                if (flaw == Flaw.FAILED_AS_DECLINED) throw new PaymentDeclinedException(request.userId());
                throw CallFailure.of(decided).toCheckoutException(Step.PAYMENT, request.userId(), 1);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                awaiting.remove(id, outcome); // stopped (or decided): the wait is over
            }
        }

        private void publish(CheckoutRequest request, PaymentRequestMessage message) throws InterruptedException {
            try {
                if (payments.mode() == BrokerPayments.Mode.AWAIT_OUTCOME) listening.get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                var record = new ProducerRecord<>(payments.topics().requests(), message.requestId(), message.toJson());
                // The flaws: interrupted, or timed out, while its send is queued, the checkout leaves the task where it is.
                var sent = switch (flaw) {
                    case QUEUED_SEND_NOT_TAKEN_BACK -> publishing.submit(() -> producer.send(record)).get();
                    case QUEUED_SEND_BEGUN_AFTER_ITS_TIMEOUT -> publishing.submit(() -> producer.send(record))
                            .get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    default -> producer.send(record);
                };
                if (flaw == Flaw.NO_PUBLISH_TIMEOUT) sent.get();
                else sent.get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException refused) {
                if (flaw == Flaw.REFUSAL_TOLD_AT_THE_TIMEOUT) Thread.sleep(policy.callTimeout().toMillis());
                throw CallFailure.brokerUnavailable(refused).toCheckoutException(Step.PAYMENT, request.userId(), 1);
            } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
                throw CallFailure.brokerUnavailable(e).toCheckoutException(Step.PAYMENT, request.userId(), 1);
            }
        }

        private <T> T get(Step step, CheckoutRequest request, String path, Function<byte[], T> decode) throws InterruptedException {
            HttpRequest call = HttpRequest.newBuilder(base.resolve(path)).header(ShopApi.REQUEST_ID_HEADER, request.requestId())
                    .timeout(policy.callTimeout()).build();
            try {
                HttpResponse<byte[]> response = client.send(call, HttpResponse.BodyHandlers.ofByteArray());
                CallFailure.requireSuccess(response.statusCode());
                return decode.apply(response.body());
            } catch (IOException e) {
                throw CallFailure.connection(e).toCheckoutException(step, request.userId(), 1);
            } catch (CallFailure failure) {
                throw failure.toCheckoutException(step, request.userId(), 1);
            }
        }

        @Override
        public void close() {
            if (!running.cancelAll()) return;
            closed = true;
            new ArrayList<>(workers).forEach(Thread::interrupt);
            consumer.wakeup();
            publishing.shutdown(); // what was queued still runs: the flaw's sends reach the producer before it closes
            try {
                publishing.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (flaw != Flaw.TIMER_LEFT_RUNNING) timer.shutdownNow();
            if (flaw == Flaw.CLOSES_KAFKA_CLIENTS_AFTER_RETURNING) {
                new Thread(this::closeKafkaClientsAndJoin, "broker-sketch-closing").start();
            } else {
                closeKafkaClientsAndJoin();
            }
            closeHttpClient();
        }

        private void closeHttpClient() {
            http.shutdownNow();
            if (client instanceof AutoCloseable closeable) { // HttpClient.close is JDK 21+: its selector thread ends with it
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        private void closeKafkaClientsAndJoin() {
            producer.close(Duration.ofSeconds(5));
            try {
                listener.join(10_000);
                for (Thread worker : new ArrayList<>(workers)) worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
