package dev.asyncrosetta.reactor;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.ShopApi;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

/**
 * An answer's body as bytes, within {@link ShopApi#MAX_ANSWER_BYTES}. Written by hand because Reactor
 * Netty's own aggregation ({@code responseSingle}, {@code ByteBufFlux.aggregate}) has no limit: it
 * would buffer any body whole.
 */
final class AnswerBody {
    /** What a body without a Content-Length starts from; it grows as the chunks arrive. */
    private static final int UNANNOUNCED_INITIAL_BYTES = 512;

    private AnswerBody() {}

    /**
     * The whole body, refused with {@link CallFailure#tooLarge}: at once when its Content-Length is
     * over the limit, else as soon as the bytes received pass it. Refusing ends the body's
     * subscription, so Reactor Netty closes the connection instead of reading the rest.
     */
    static Mono<byte[]> withinLimit(HttpClientResponse response, ByteBufFlux body) {
        long announced = announcedLength(response);
        if (announced > ShopApi.MAX_ANSWER_BYTES) {
            return Mono.error(CallFailure.tooLarge(announced));
        }
        int initial = announced >= 0 ? (int) announced : UNANNOUNCED_INITIAL_BYTES;
        return body.asByteArray()
                .reduceWith(() -> new ByteArrayOutputStream(initial), (received, chunk) -> {
                    long total = (long) received.size() + chunk.length;
                    if (total > ShopApi.MAX_ANSWER_BYTES) {
                        throw CallFailure.tooLarge(total);
                    }
                    received.writeBytes(chunk);
                    return received;
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    /** The Content-Length, or -1 when the answer has none (chunked) or one that is not a number. */
    private static long announcedLength(HttpClientResponse response) {
        String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
