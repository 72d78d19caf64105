package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The shop's four calls as Monos: the port the workflow is written against. Every Mono is cold:
 * each subscription is one HTTP exchange, so retrying is resubscribing, and disposing the
 * subscription aborts the exchange. Whatever the transport did fails it with a {@link CallFailure},
 * never with the transport's own exceptions; anything else (a bug) passes unchanged.
 */
interface ReactorShopClient {

    Mono<User> user(String requestId, String userId);

    Mono<List<Order>> orders(String requestId, String userId);

    Mono<OrderDetails> details(String requestId, String orderId);

    /** The request id doubles as the Idempotency-Key: every retry of this payment carries the same one. */
    Mono<Payment> pay(String requestId, PaymentRequest payment);
}
