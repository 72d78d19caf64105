package dev.asyncrosetta.vertx;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.ShopApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * An answer's whole body, refused with {@link CallFailure#tooLarge} once it is over
 * {@link ShopApi#MAX_ANSWER_BYTES}. Hand-written because Vert.x core has no such limit: {@code
 * HttpClientResponse.body()} buffers whatever arrives. A Content-Length over the limit is refused
 * before any byte of the body is read; without one, the bytes are counted as they come and refused
 * as soon as they pass it. Refusing resets the request, which closes the HTTP/1.1 connection instead
 * of reading the rest.
 */
final class LimitedBody {
    private LimitedBody() {}

    static Future<Buffer> of(HttpClientRequest request, HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        response.exceptionHandler(body::tryFail); // first: a refusal below resets the request at once
        String announced = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        long length = announced == null ? -1 : Long.parseLong(announced.trim()); // Netty already refused a malformed one
        if (length > ShopApi.MAX_ANSWER_BYTES) {
            refuse(request, body, length);
            return body.future();
        }
        Buffer received = Buffer.buffer(length < 0 ? 1024 : (int) length);
        response.handler(chunk -> {
            if (body.future().isComplete()) return; // refused: what is still on its way is dropped
            if ((long) received.length() + chunk.length() > ShopApi.MAX_ANSWER_BYTES) {
                refuse(request, body, (long) received.length() + chunk.length());
            } else {
                received.appendBuffer(chunk);
            }
        });
        response.endHandler(end -> body.tryComplete(received));
        return body.future();
    }

    private static void refuse(HttpClientRequest request, Promise<Buffer> body, long bytes) {
        CallFailure tooLarge = CallFailure.tooLarge(bytes);
        body.tryFail(tooLarge);
        request.reset(0, tooLarge);
    }
}
