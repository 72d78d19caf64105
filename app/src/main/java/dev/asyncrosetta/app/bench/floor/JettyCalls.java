package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.ShopApi;
import java.net.URI;
import java.util.function.BiConsumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Jetty's HttpClient as its documentation shows it: {@code send} with a {@link BufferingResponseListener},
 * on Jetty's default thread pool; only the connections and the queue are the style's (500 and
 * unbounded), since the floor must not be bound where the style is not.
 */
final class JettyCalls implements RawCalls {
    private static final int MAX_CONNECTIONS = 500;
    /** The answers are small; the buffer must hold the largest the shop may give, as the styles' do. */
    private static final int MAX_ANSWER_BYTES = ShopApi.MAX_ANSWER_BYTES;

    private final URI base;
    private final HttpClient http = new HttpClient();

    JettyCalls(URI base) {
        this.base = base;
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("starting Jetty's HttpClient failed", e);
        }
    }

    @Override
    public void get(String path, String requestId, BiConsumer<byte[], Throwable> done) {
        send(request(path, requestId).method(HttpMethod.GET), done);
    }

    @Override
    public void post(String path, String requestId, byte[] json, BiConsumer<byte[], Throwable> done) {
        send(request(path, requestId).method(HttpMethod.POST)
                .headers(headers -> headers.put(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId))
                .body(new BytesRequestContent(ShopApi.JSON, json)), done);
    }

    private Request request(String path, String requestId) {
        return http.newRequest(base.resolve(path))
                .headers(headers -> headers.put(ShopApi.REQUEST_ID_HEADER, requestId).put(HttpHeader.ACCEPT, ShopApi.JSON));
    }

    private static void send(Request request, BiConsumer<byte[], Throwable> done) {
        request.send(new BufferingResponseListener(MAX_ANSWER_BYTES) {
            @Override
            public void onComplete(org.eclipse.jetty.client.Result result) {
                if (result.isFailed()) done.accept(null, result.getFailure());
                else if (result.getResponse().getStatus() / 100 != 2) done.accept(null, RawCalls.status(result.getResponse().getStatus()));
                else done.accept(getContent(), null);
            }
        });
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty's HttpClient failed", e);
        }
    }
}
