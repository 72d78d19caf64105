package dev.asyncrosetta.rxjava;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import io.opentelemetry.context.Context;
import io.reactivex.rxjava3.core.Single;
import java.util.List;

/**
 * The shop's four calls as the workflow needs them: one cold {@link Single} per call. Each
 * subscription makes one attempt (so {@code retryWhen} retries by resubscribing), disposing it aborts
 * the exchange, and it fails with a {@link CallFailure}, never with an HTTP library's own exception.
 * {@link JdkHttpShopClient} is the real one; tests script a fake on a TestScheduler.
 */
interface RxJavaShopClient {

    /** @param step the trace context of the step making the call: each attempt's span is a child of it */
    Single<User> user(Context step, String requestId, String userId);

    Single<List<Order>> orders(Context step, String requestId, String userId);

    Single<OrderDetails> details(Context step, String requestId, String orderId);

    /** The request id doubles as the Idempotency-Key: every attempt of this payment carries the same one. */
    Single<Payment> pay(Context step, String requestId, PaymentRequest payment);
}
