package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.ShopApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Vert.x core's HttpClient as its documentation shows it: {@code request}, {@code send},
 * {@code body}, composed futures, on a default Vert.x instance; only the pool is the style's (500
 * connections, no bound on the calls waiting for one).
 */
final class VertxCalls implements RawCalls {
    private final URI base;
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = vertx.httpClientBuilder()
            .with(new PoolOptions().setHttp1MaxSize(500).setMaxWaitQueueSize(-1)).build();

    VertxCalls(URI base) {
        this.base = base;
    }

    @Override
    public void get(String path, String requestId, BiConsumer<byte[], Throwable> done) {
        answer(http.request(options(HttpMethod.GET, path, requestId)).compose(request -> request.send()), done);
    }

    @Override
    public void post(String path, String requestId, byte[] json, BiConsumer<byte[], Throwable> done) {
        RequestOptions options = options(HttpMethod.POST, path, requestId)
                .putHeader(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId).putHeader("Content-Type", ShopApi.JSON);
        answer(http.request(options).compose(request -> request.send(Buffer.buffer(json))), done);
    }

    private RequestOptions options(HttpMethod method, String path, String requestId) {
        return new RequestOptions().setMethod(method).setHost(base.getHost()).setPort(base.getPort()).setURI(path)
                .putHeader(ShopApi.REQUEST_ID_HEADER, requestId).putHeader("Accept", ShopApi.JSON);
    }

    private static void answer(Future<HttpClientResponse> response, BiConsumer<byte[], Throwable> done) {
        response.compose(answer -> answer.statusCode() / 100 == 2 ? answer.body()
                        : Future.failedFuture(RawCalls.status(answer.statusCode())))
                .onComplete(body -> done.accept(body.getBytes(), null), failure -> done.accept(null, failure));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("closing Vert.x failed", e);
        }
    }
}
