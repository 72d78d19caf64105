package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.ShopApi;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty as its documentation shows it: {@code responseSingle} aggregating the body, one
 * {@code subscribe} per call, on Reactor Netty's default event loops; only the pool is the style's
 * (500 connections, no bound on the calls waiting for one).
 */
final class ReactorNettyCalls implements RawCalls {
    private final ConnectionProvider connections = ConnectionProvider.builder("rosetta-floor")
            .maxConnections(500).pendingAcquireMaxCount(-1).build();
    private final HttpClient http;

    ReactorNettyCalls(URI base) {
        this.http = HttpClient.create(connections).baseUrl(base.toString()).protocol(HttpProtocol.HTTP11);
    }

    @Override
    public void get(String path, String requestId, BiConsumer<byte[], Throwable> done) {
        subscribe(headers(requestId).get().uri(path).responseSingle((response, body) -> answer(response.status(), body.asByteArray())), done);
    }

    @Override
    public void post(String path, String requestId, byte[] json, BiConsumer<byte[], Throwable> done) {
        subscribe(headers(requestId).headers(h -> h.set(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId).set("Content-Type", ShopApi.JSON))
                .post().uri(path).send(ByteBufFlux.fromInbound(Mono.just(json)))
                .responseSingle((response, body) -> answer(response.status(), body.asByteArray())), done);
    }

    private HttpClient headers(String requestId) {
        return http.headers(h -> h.set(ShopApi.REQUEST_ID_HEADER, requestId).set("Accept", ShopApi.JSON));
    }

    private static Mono<byte[]> answer(HttpResponseStatus status, Mono<byte[]> body) {
        return status.code() / 100 == 2 ? body.defaultIfEmpty(new byte[0]) : Mono.error(RawCalls.status(status.code()));
    }

    private static void subscribe(Mono<byte[]> call, BiConsumer<byte[], Throwable> done) {
        call.subscribe(body -> done.accept(body, null), failure -> done.accept(null, failure));
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
