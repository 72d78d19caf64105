package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.util.List;

/** What a right Receipt is, computed from the shop's own data. */
public final class ReceiptChecks {
    private ReceiptChecks() {}

    /** The receipt pays every open order of the user, listed in the shop's order. */
    public static void assertPaidInFull(ShopData data, User user, String requestId, Receipt receipt) {
        List<Order> orders = data.openOrders(user.id());
        long total = data.totalFor(user.id());
        assertThat(receipt.requestId()).isEqualTo(requestId);
        assertThat(receipt.user()).isEqualTo(user);
        assertThat(receipt.orders()).as("orders in the shop's order").containsExactlyElementsOf(orders);
        assertThat(receipt.details()).as("details in the orders' order")
                .containsExactlyElementsOf(orders.stream().map(o -> data.details(o.id())).toList());
        assertThat(receipt.totalCents()).isEqualTo(total);
        Payment payment = receipt.payment().orElseThrow(() -> new AssertionError("no payment on the receipt"));
        assertThat(payment.amountCents()).isEqualTo(total);
        assertThat(payment.userId()).isEqualTo(user.id());
        assertThat(payment.orderIds()).containsExactlyElementsOf(orders.stream().map(Order::id).toList());
    }
}
