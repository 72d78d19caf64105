package dev.asyncrosetta.payments;

import dev.asyncrosetta.backend.PaymentServiceControl;

/**
 * What a program that runs both the shop and the payment service attaches to the shop
 * ({@code shop.attachPaymentService(new ShopAdminHook(service))}), so the shop's admin routes drive the
 * service. Every call only asks; none waits, as the shop's event loops need.
 */
final class ShopAdminHook implements PaymentServiceControl {
    private final PaymentService service;

    ShopAdminHook(PaymentService service) {
        this.service = service;
    }

    @Override
    public void pause() {
        service.pause();
    }

    @Override
    public void resume() {
        service.resume();
    }

    @Override
    public void crashAfterNextCharge() {
        service.crashAfterNextCharge();
    }

    @Override
    public void stop() {
        service.stop(); // the future is not waited for: stopping takes the service's own thread a moment
    }

    @Override
    public String status() {
        return service.name() + " " + service.status();
    }
}
