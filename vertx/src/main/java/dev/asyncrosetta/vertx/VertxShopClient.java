package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import java.util.List;

/**
 * The shop's four calls, as the workflow sees them: Vert.x futures, completed on the context that
 * made the call. Each fails with a {@link CallFailure}, never with the HTTP library's own exceptions
 * (a bug excepted, which passes unchanged, and a CancellationException once the checkout aborted it),
 * and each leaves in {@code inFlight} how to stop its exchange for real, so that aborting the
 * checkout ends the HTTP request instead of only forgetting its future. {@code trace} is the trace
 * context of the step making the call: each attempt's span is its child.
 */
interface VertxShopClient {

    Future<User> user(String requestId, String userId, InFlight inFlight, Context trace);

    Future<List<Order>> orders(String requestId, String userId, InFlight inFlight, Context trace);

    Future<OrderDetails> details(String requestId, String orderId, InFlight inFlight, Context trace);

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    Future<Payment> pay(String requestId, PaymentRequest payment, InFlight inFlight, Context trace);
}
