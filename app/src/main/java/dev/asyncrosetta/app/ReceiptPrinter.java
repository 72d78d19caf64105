package dev.asyncrosetta.app;

import dev.asyncrosetta.model.LineItem;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.util.Locale;

/** A Receipt as people read it. (Scripts get {@code --json}: the record as the shared mapper writes it.) */
final class ReceiptPrinter {
    private ReceiptPrinter() {}

    static String print(Receipt receipt) {
        User user = receipt.user();
        StringBuilder text = new StringBuilder();
        text.append("Receipt ").append(receipt.requestId()).append('\n');
        text.append(String.format(Locale.ROOT, "  user     %s <%s> (%s)%n", user.name(), user.email(), user.id()));
        if (receipt.orders().isEmpty()) {
            text.append("  orders   none open: nothing to pay, no payment made\n");
            return text.toString();
        }
        text.append("  orders   ").append(receipt.orders().size()).append(" open\n");
        for (int i = 0; i < receipt.orders().size(); i++) {
            Order order = receipt.orders().get(i);
            OrderDetails details = receipt.details().get(i);
            text.append(String.format(Locale.ROOT, "    %-12s %2d %-5s %12s%n", order.id(), details.lines().size(),
                    details.lines().size() == 1 ? "line" : "lines", Money.format(details.totalCents())));
            for (LineItem line : details.lines()) {
                text.append(String.format(Locale.ROOT, "      %-10s %3d x %9s%n",
                        line.sku(), line.quantity(), Money.format(line.unitPriceCents())));
            }
        }
        text.append(String.format(Locale.ROOT, "  total    %30s%n", Money.format(receipt.totalCents())));
        receipt.payment().ifPresent(payment -> text.append(payment(payment)));
        receipt.pendingPayment().ifPresent(pending -> text.append(String.format(Locale.ROOT,
                "  payment  PENDING through the broker, request %s: not charged yet, will be charged once%n", pending.requestId())));
        return text.toString();
    }

    private static String payment(Payment payment) {
        return String.format(Locale.ROOT, "  payment  %s %s, %s for %d %s%n", payment.id(), payment.status(),
                Money.format(payment.amountCents()), payment.orderIds().size(), payment.orderIds().size() == 1 ? "order" : "orders");
    }
}
