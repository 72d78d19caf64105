package dev.asyncrosetta.app.bench.floor;

import dev.asyncrosetta.model.ShopApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * {@code java.net.http} in its plainest forms. Async: {@code sendAsync} and a {@code whenComplete}
 * on its future, where the answer arrives (the common pool: the client completes its futures there
 * whatever executor it was given). Async with the hop: the same, the answer then moved onto a pool of
 * the caller's with {@code whenCompleteAsync}, as {@code futures} must to keep its continuations off
 * the common pool; the difference between the two is that hop's cost. Sync: {@code send} on a
 * virtual thread per call, the cheapest thread a blocking call can have; the floor of the styles
 * that block.
 */
final class JdkCalls implements RawCalls {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Null for the async forms. */
    private final ExecutorService blockingCalls;
    /** The pool answers hop to, the cores' worth as in futures; null where they stay where they land. */
    private final ExecutorService hopTo;

    private JdkCalls(URI base, ExecutorService blockingCalls, ExecutorService hopTo) {
        this.base = base;
        this.blockingCalls = blockingCalls;
        this.hopTo = hopTo;
    }

    static JdkCalls async(URI base) {
        return new JdkCalls(base, null, null);
    }

    static JdkCalls asyncWithHop(URI base) {
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        return new JdkCalls(base, null, Executors.newFixedThreadPool(cores, task -> {
            Thread thread = new Thread(task, "floor-hop");
            thread.setDaemon(true);
            return thread;
        }));
    }

    static JdkCalls sync(URI base) {
        return new JdkCalls(base, newVirtualThreadPerTask(), null);
    }

    @Override
    public void get(String path, String requestId, BiConsumer<byte[], Throwable> done) {
        send(request(path, requestId).GET().build(), done);
    }

    @Override
    public void post(String path, String requestId, byte[] json, BiConsumer<byte[], Throwable> done) {
        send(request(path, requestId).header(ShopApi.IDEMPOTENCY_KEY_HEADER, requestId).header("Content-Type", ShopApi.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(), done);
    }

    private HttpRequest.Builder request(String path, String requestId) {
        return HttpRequest.newBuilder(base.resolve(path)).header(ShopApi.REQUEST_ID_HEADER, requestId).header("Accept", ShopApi.JSON);
    }

    private void send(HttpRequest request, BiConsumer<byte[], Throwable> done) {
        if (blockingCalls == null) {
            var exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            if (hopTo == null) exchange.whenComplete((response, failure) -> answer(response, failure, done));
            else exchange.whenCompleteAsync((response, failure) -> answer(response, failure, done), hopTo);
            return;
        }
        blockingCalls.execute(() -> {
            try {
                answer(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), null, done);
            } catch (Exception e) {
                answer(null, e, done);
            }
        });
    }

    private static void answer(HttpResponse<byte[]> response, Throwable failure, BiConsumer<byte[], Throwable> done) {
        if (failure != null) done.accept(null, failure);
        else if (response.statusCode() / 100 != 2) done.accept(null, RawCalls.status(response.statusCode()));
        else done.accept(response.body(), null);
    }

    /** Looked up by reflection: the app compiles for Java 17, and only the sync floor needs 21. */
    private static ExecutorService newVirtualThreadPerTask() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("the java.net.http sync floor needs virtual threads (JDK 21+)", e);
        }
    }

    @Override
    public void close() {
        if (blockingCalls != null) blockingCalls.shutdownNow();
        if (hopTo != null) hopTo.shutdownNow();
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing java.net.http's client failed", e);
            }
        }
    }
}
