package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;

/**
 * The style calls {@code POST /payments} and waits, as every style does by default. The outage is the
 * shop's fault rule {@value #STOPPED}: a payment call that arrives meanwhile is read and never answered,
 * which is what a payment service that hangs (a full thread pool, a stuck database, a lost packet) looks
 * like to its caller, and worse than one that refuses at once. Calls already hanging when the rule is
 * removed stay unanswered until the caller gives up on them, as they would. The same path, with a policy
 * that carries a circuit breaker, a payment bulkhead and admission control, is the protected row.
 */
final class PaymentOverHttp implements PaymentPath {
    static final String STOPPED = "payment=hang";

    private final ShopBackend shop;
    private final CheckoutPolicy policy;

    PaymentOverHttp(ShopBackend shop, CheckoutPolicy policy) {
        this.shop = shop;
        this.policy = policy;
    }

    /** The same calls behind {@link ServiceProtections}. */
    static PaymentOverHttp protectedBy(ShopBackend shop, CheckoutPolicy policy) {
        return new PaymentOverHttp(shop, ServiceProtections.applyTo(policy));
    }

    @Override
    public String label() {
        return ServiceProtections.anyIn(policy) ? "HTTP, protected" : "HTTP";
    }

    @Override
    public String outageDescription() {
        return "POST /payments never answers (the shop's fault rule " + STOPPED + ")";
    }

    @Override
    public boolean supports(CheckoutStyle style) {
        return true;
    }

    @Override
    public CheckoutService open(CheckoutStyle style) {
        return style.open(shop.baseUri(), policy);
    }

    @Override
    public void stopPaymentService() {
        shop.addFault(FaultRule.parse(STOPPED));
    }

    /** The outage command sets no other fault, so clearing them all removes exactly the one it added. */
    @Override
    public void restorePaymentService() {
        shop.clearFaults();
    }
}
