package dev.asyncrosetta.model;

import java.net.URI;

/**
 * A style that can also pay through the broker ({@link BrokerPayments}). Opened with
 * {@link #open(URI, CheckoutPolicy)} it pays over HTTP as every style does; opened with
 * {@link #open(URI, CheckoutPolicy, BrokerPayments)} it fetches the user, orders and details over HTTP
 * as before and publishes the payment instead of making it. Callers find out whether a style has it
 * with {@code style instanceof BrokerPaymentStyle}.
 */
public interface BrokerPaymentStyle extends CheckoutStyle {

    /** A service talking to the shop at {@code shopBaseUri} and paying through the broker as {@code payments} says. */
    CheckoutService open(URI shopBaseUri, CheckoutPolicy policy, BrokerPayments payments);
}
