package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.User;
import java.util.List;

/** Users of the seeded shop worth naming: in examples, as compare's default, and when a user is unknown. */
final class KnownUsers {
    private KnownUsers() {}

    /** A user with a few open orders and a card that pays: every step of the workflow shows. */
    static User typical(ShopData data) {
        return data.userWithOpenOrders(3, 6);
    }

    static String unknown(ShopData data, String userId) {
        List<User> users = data.users();
        return "unknown user '" + userId + "' (the shop's users are " + users.get(0).id() + " to "
                + users.get(users.size() - 1).id() + ", e.g. " + typical(data).id() + ")";
    }
}
