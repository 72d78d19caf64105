package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import java.util.List;
import io.opentelemetry.context.Context;
import org.eclipse.jetty.util.Promise;

/**
 * The shop's four calls in the callback idiom: each starts one HTTP exchange, returns at once, and
 * reports to {@code done} once: the decoded answer, a {@link dev.asyncrosetta.model.CallFailure}, or
 * a CancellationException once aborted. The returned {@link Abortable} cancels the exchange itself,
 * not just the interest in its answer. {@code trace} is the trace context of the step making the
 * call: the attempt's span is its child, and the request carries that span as its traceparent.
 */
interface ShopCalls extends AutoCloseable {

    Abortable user(String requestId, String userId, Context trace, Promise<User> done);

    Abortable orders(String requestId, String userId, Context trace, Promise<List<Order>> done);

    Abortable details(String requestId, String orderId, Context trace, Promise<OrderDetails> done);

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    Abortable pay(String requestId, PaymentRequest payment, Context trace, Promise<Payment> done);

    /** Stops the client: its threads and connections. */
    @Override
    void close();
}
