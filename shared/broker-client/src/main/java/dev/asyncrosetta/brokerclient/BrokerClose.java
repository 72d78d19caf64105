package dev.asyncrosetta.brokerclient;

/**
 * Where a service's Kafka clients close when its close() runs on one of the style's own threads (a
 * checkout's callback, a deadline on the timer). Closing them blocks: the producer flushes what it was
 * handed, for up to {@link PaymentRequestProducer#CLOSE_TIMEOUT}, and the consumer's and the publishing
 * thread's ends are waited for. No deadlock follows (every hop out of Kafka's threads only queues a
 * task), but a non-blocking thread would stall for seconds with every checkout that shares it (C17).
 * So the closing runs on a thread of its own and close() returns, as the HTTP path does not wait for
 * its own threads there (C25); that thread ends once the clients are closed.
 */
public final class BrokerClose {
    private BrokerClose() {}

    /** Runs {@code close} on a new daemon thread "broker-closing-clientId", which may block; returns at once. */
    public static void onThreadOfItsOwn(String clientId, Runnable close) {
        Thread closing = new Thread(close, "broker-closing-" + clientId);
        closing.setDaemon(true);
        closing.start();
    }
}
