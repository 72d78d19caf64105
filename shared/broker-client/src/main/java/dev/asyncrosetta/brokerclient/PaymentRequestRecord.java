package dev.asyncrosetta.brokerclient;

import dev.asyncrosetta.model.PaymentRequestMessage;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A payment request as a record: keyed by its request id, so every copy of it lands on one partition
 * in order and the payment service finds its Idempotency-Key in the key as in the message.
 *
 * <p>It can be withdrawn: a checkout that stops (cancel, deadline, close) before its record reached
 * Kafka's {@code send} withdraws it, and {@link PaymentRequestProducer} then never sends it. That is the
 * honest note's promise (a request not yet handed to the producer is never sent) for a style whose
 * client library queues records out of its sight before they reach Kafka's {@code send}. Once Kafka has
 * the record, withdrawing it changes nothing: it may still arrive, and is then charged once.
 */
public final class PaymentRequestRecord extends ProducerRecord<String, byte[]> {
    private volatile boolean withdrawn;

    PaymentRequestRecord(String topic, PaymentRequestMessage message) {
        super(topic, message.requestId(), message.toJson());
    }

    /** The checkout stopped: if the record has not reached Kafka's send yet, it never will. */
    public void withdraw() {
        withdrawn = true;
    }

    public boolean isWithdrawn() {
        return withdrawn;
    }
}
