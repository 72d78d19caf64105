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
 * whatever executor it was given). Async with the hop: the same, the answer then moved onto the
 * client's executor with {@code whenCompleteAsync}, as {@code futures} must to keep its continuations
 * off the common pool; the difference between the two is that hop's cost. Sync: {@code send} on a
 * virtual thread per call, the cheapest thread a blocking call can have; the floor of the styles
 * that block.
 *
 * <p>Every form gives the client a fixed pool of the cores as its executor, as the styles do: left
 * to itself the client runs its work on a cached pool that grows a thread per exchange waiting (some
 * 120 threads at 64 checkouts in flight in a trial run), which costs more CPU than {@code futures}
 * whole and so would be no floor.
 */
final class JdkCalls implements RawCalls {
    private final URI base;
    /** The client's executor, the cores' worth as in futures. */
    private final ExecutorService workers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            task -> {
                Thread thread = new Thread(task, "floor-jdk-worker");
                thread.setDaemon(true);
                return thread;
            });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(workers).build();
    /** Null for the async forms. */
    private final ExecutorService blockingCalls;
    /** Whether each answer moves off the common pool onto the workers. */
    private final boolean hop;

    private JdkCalls(URI base, ExecutorService blockingCalls, boolean hop) {
        this.base = base;
        this.blockingCalls = blockingCalls;
        this.hop = hop;
    }

    static JdkCalls async(URI base) {
        return new JdkCalls(base, null, false);
    }

    static JdkCalls asyncWithHop(URI base) {
        return new JdkCalls(base, null, true);
    }

    static JdkCalls sync(URI base) {
        return new JdkCalls(base, newVirtualThreadPerTask(), false);
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
            if (hop) exchange.whenCompleteAsync((response, failure) -> answer(response, failure, done), workers);
            else exchange.whenComplete((response, failure) -> answer(response, failure, done));
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
        try {
            if (http instanceof AutoCloseable closeable) closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing java.net.http's client failed", e);
        } finally {
            workers.shutdownNow();
        }
    }
}
