package dev.asyncrosetta.app.bench.floor;

import java.util.function.BiConsumer;

/**
 * One HTTP client in its plainest asynchronous form: a GET or a POST of bytes, its answer's body
 * handed to {@code done} (or the failure) on whatever thread the client answers on. Nothing else: no
 * timeout, no retry, no cancellation, no trace; those are the workflow's, and the floor leaves them out.
 */
interface RawCalls extends AutoCloseable {

    /** @param done the body of a 2xx answer and null, or null and why the call failed */
    void get(String path, String requestId, BiConsumer<byte[], Throwable> done);

    void post(String path, String requestId, byte[] json, BiConsumer<byte[], Throwable> done);

    @Override
    void close();

    /** A non-2xx answer, which the shop never gives under the bench's workloads: the floor fails on it rather than hide it. */
    static IllegalStateException status(int code) {
        return new IllegalStateException("HTTP " + code);
    }
}
