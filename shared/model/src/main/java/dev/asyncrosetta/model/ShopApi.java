package dev.asyncrosetta.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The shop's HTTP API, named once for the backend and for every style's client. */
public final class ShopApi {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final String PAYMENTS_PATH = "/payments";
    public static final String JSON = "application/json";

    private ShopApi() {}

    public static String userPath(String userId) {
        return "/users/" + segment(userId);
    }

    public static String ordersPath(String userId) {
        return "/users/" + segment(userId) + "/orders";
    }

    public static String detailsPath(String orderId) {
        return "/orders/" + segment(orderId) + "/details";
    }

    /** Ids come from the shop's own answers too; encode them rather than trust them inside a path. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
