package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checkout's eight calls made by one HTTP client in its plainest form ({@link FloorCheckout}):
 * what a style on that client cannot cost less than. Each is a {@link CheckoutStyle} so that the
 * bench measures it exactly as it measures a style; it is not registered as one, so nothing else
 * mistakes it for a way of writing the workflow.
 */
public record ClientFloor(String name, String summary, Function<URI, RawCalls> client) implements CheckoutStyle {

    public static final ClientFloor JDK_SYNC = new ClientFloor("floor: java.net.http send",
            "HttpClient.send, a virtual thread per call", JdkCalls::sync);
    public static final ClientFloor JDK_ASYNC = new ClientFloor("floor: java.net.http sendAsync",
            "HttpClient.sendAsync + whenComplete", JdkCalls::async);
    /** Not a style's client but the hop futures adds to it: set against JDK_ASYNC, it measures that hop. */
    public static final ClientFloor JDK_ASYNC_HOP = new ClientFloor("floor: java.net.http sendAsync + hop",
            "HttpClient.sendAsync + whenCompleteAsync onto the client's executor", JdkCalls::asyncWithHop);
    public static final ClientFloor JETTY = new ClientFloor("floor: Jetty", "Request.send + BufferingResponseListener",
            JettyCalls::new);
    public static final ClientFloor REACTOR_NETTY = new ClientFloor("floor: Reactor Netty", "responseSingle + subscribe",
            ReactorNettyCalls::new);
    public static final ClientFloor VERTX = new ClientFloor("floor: Vert.x core", "HttpClient.request + send + body",
            VertxCalls::new);

    public static final List<ClientFloor> ALL = List.of(JDK_SYNC, JDK_ASYNC, JDK_ASYNC_HOP, JETTY, REACTOR_NETTY, VERTX);

    /** The client each style is built on. */
    private static final Map<String, ClientFloor> BY_STYLE = Map.of(
            "blocking", JDK_SYNC, "virtual-threads", JDK_SYNC, "futures", JDK_ASYNC, "rxjava", JDK_ASYNC,
            "callbacks", JETTY, "reactor", REACTOR_NETTY, "vertx", VERTX);

    public static Optional<ClientFloor> of(String style) {
        return Optional.ofNullable(BY_STYLE.get(style));
    }

    /**
     * The floors to measure beside these styles: each one's client, and for futures also its client
     * with the hop, which the common pool's completions force on it.
     */
    public static List<ClientFloor> forStyles(List<String> styles) {
        java.util.LinkedHashSet<ClientFloor> floors = new java.util.LinkedHashSet<>();
        for (String style : styles) {
            of(style).ifPresent(floors::add);
            if (style.equals("futures")) floors.add(JDK_ASYNC_HOP);
        }
        return List.copyOf(floors);
    }

    public static boolean isFloor(String name) {
        return ALL.stream().anyMatch(floor -> floor.name().equals(name));
    }

    /** Only the fan-out's width matters: the floor has no timeout, retry or deadline to configure. */
    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new FloorCheckout(client.apply(shopBaseUri), policy.detailsConcurrency());
    }
}
