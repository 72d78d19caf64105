package dev.asyncrosetta.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The shop's HTTP API, named once for the backend and for every style's client. */
public final class ShopApi {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    /** W3C Trace Context: the trace a call belongs to and the span that made it. */
    public static final String TRACEPARENT_HEADER = "traceparent";
    /** W3C Trace Context: vendors' trace state, carried along with {@link #TRACEPARENT_HEADER}. */
    public static final String TRACESTATE_HEADER = "tracestate";
    public static final String PAYMENTS_PATH = "/payments";
    public static final String JSON = "application/json";

    /**
     * The largest answer body a style accepts: one limit, the same in every style. A bigger body is
     * refused as {@code MALFORMED_RESPONSE} (not retried) before it is buffered whole; a body up to
     * it succeeds in every style, whatever its client's own default cap (Jetty's is 2 MiB).
     */
    public static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /**
     * The largest response header section a style accepts: the JDK client's default
     * ({@code jdk.http.maxHeaderSize}, 384 KiB), which every other client is configured to match
     * (Netty's and Jetty's defaults are 8 KiB). A bigger head is refused as {@code MALFORMED_RESPONSE}.
     */
    public static final int MAX_HEADER_BYTES = 384 * 1024;

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
