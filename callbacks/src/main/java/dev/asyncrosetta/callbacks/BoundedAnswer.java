package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.ShopApi;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Jetty's buffering listener, held to the one answer size limit every style shares,
 * {@link ShopApi#MAX_ANSWER_BYTES} (Jetty's own default is 2 MiB). Jetty enforces the cap it is given,
 * but reports going over it as an IllegalArgumentException, which looks like any bug; so this listener
 * checks first and aborts the exchange with the failure the rule names, {@link CallFailure#tooLarge}:
 * at the head when the answer announces its length, else as soon as the bytes received pass the
 * limit. An oversized body is never buffered whole.
 */
abstract class BoundedAnswer extends BufferingResponseListener {
    private long received; // Jetty reports one response's content serially

    BoundedAnswer() {
        super(ShopApi.MAX_ANSWER_BYTES);
    }

    @Override
    public void onHeaders(Response response) {
        long announced = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (announced > ShopApi.MAX_ANSWER_BYTES) {
            response.abort(CallFailure.tooLarge(announced));
            return;
        }
        super.onHeaders(response);
    }

    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demander) throws Exception {
        received += chunk.remaining();
        if (received > ShopApi.MAX_ANSWER_BYTES) {
            response.abort(CallFailure.tooLarge(received));
            return;
        }
        super.onContent(response, chunk, demander);
    }
}
