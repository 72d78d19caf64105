package dev.asyncrosetta.backend;

/**
 * The handle the shop's admin routes use to cause a payment-service outage over HTTP
 * ({@code POST /admin/payment-service/pause|resume|crash-after-next-charge|stop},
 * {@code GET /admin/payment-service}), attached with {@link ShopBackend#attachPaymentService}.
 *
 * <p>The shop knows nothing of the service behind it (it does not depend on Kafka or on the payment
 * service's module): whoever runs both attaches an adapter. The shop calls every method on one of its
 * event loops, so each must return at once: it asks for the change and the service makes it on a
 * thread of its own. Any thread may call them, at any time, more than once.
 */
public interface PaymentServiceControl {
    /** Stops taking requests; they wait in the topic until {@link #resume()}. */
    void pause();

    void resume();

    /** The next request is charged at the shop, then the service crashes before it publishes the outcome or commits. */
    void crashAfterNextCharge();

    /** Stops the service for good (a stopped service is not resumed). */
    void stop();

    /** One line saying what the service is doing and has done, for a person or a test to read. */
    String status();
}
