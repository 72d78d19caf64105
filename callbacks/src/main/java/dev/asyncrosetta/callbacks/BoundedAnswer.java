package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.ShopApi;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;

/**
 * An answer's body, copied as it arrives and held to the one size limit every style shares,
 * {@link ShopApi#MAX_ANSWER_BYTES}: refused with {@link CallFailure#tooLarge} at the head when the
 * answer announces a larger length, else as soon as the bytes received pass the limit, so an
 * oversized body is never buffered whole.
 *
 * <p>Hand-written rather than Jetty's {@code BufferingResponseListener}: that one reports going over
 * its cap as an IllegalArgumentException, which looks like any bug, and under the soak's load (256
 * checkouts in flight, 1000 in all) its retained-chunk buffer failed a few answers a thousand with
 * {@code IllegalArgumentException: newPosition > limit} in Jetty 12.1.14. Copying each chunk out of
 * Jetty's network buffer, as this does, keeps nothing of Jetty's once {@code onContent} returns.
 */
abstract class BoundedAnswer implements Response.Listener {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(); // one response's content comes serially

    @Override
    public void onHeaders(Response response) {
        long announced = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (announced > ShopApi.MAX_ANSWER_BYTES) {
            response.abort(CallFailure.tooLarge(announced));
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        long received = (long) body.size() + content.remaining();
        if (received > ShopApi.MAX_ANSWER_BYTES) {
            response.abort(CallFailure.tooLarge(received));
            return;
        }
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        body.writeBytes(bytes);
    }

    /** The whole body received, for {@code onComplete}. */
    byte[] getContent() {
        return body.toByteArray();
    }
}
