package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.User;
import java.util.List;

/**
 * Who asks for the run's checkouts: users with a few open orders, whose checkouts call the payment
 * service, and, one checkout in {@code nothingToPayEvery}, a user with no open orders, whose checkout
 * fetches the user and the orders and never reaches the payment. Those show whether the payment
 * service's outage stays with the checkouts that need it.
 *
 * @param nothingToPayEvery 0: every checkout pays
 */
record Customers(List<String> paying, List<String> nothingToPay, int nothingToPayEvery) {

    Customers {
        paying = List.copyOf(paying);
        nothingToPay = List.copyOf(nothingToPay);
        if (paying.isEmpty() || (nothingToPayEvery > 0 && nothingToPay.isEmpty()) || nothingToPayEvery < 0) {
            throw new IllegalArgumentException("need paying users, and users with nothing to pay if any checkout has none");
        }
    }

    /** Paying users with 1 to 6 open orders; one checkout in {@code nothingToPayEvery} (0: none) of a user with none. */
    static Customers of(ShopData data, int nothingToPayEvery) {
        return new Customers(ids(data.payingUsers(n -> n >= 1 && n <= 6)), ids(data.payingUsers(n -> n == 0)), nothingToPayEvery);
    }

    /** Whether checkout number {@code n} (from 0) is one of a user with nothing to pay: the last of every {@code nothingToPayEvery}. */
    boolean needsPayment(int n) {
        return nothingToPayEvery == 0 || n % nothingToPayEvery != nothingToPayEvery - 1;
    }

    String userFor(int n) {
        return needsPayment(n) ? paying.get(n % paying.size()) : nothingToPay.get((n / nothingToPayEvery) % nothingToPay.size());
    }

    private static List<String> ids(List<User> users) {
        return users.stream().map(User::id).toList();
    }
}
