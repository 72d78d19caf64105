package dev.asyncrosetta.model.jdkhttp;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.ShopApi;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link CallFailure}'s one rule, applied to what {@code java.net.http} throws, for every style built
 * on that client (futures, rxjava, virtual-threads, blocking), and the body limit that client lacks.
 *
 * <p>What the JDK client (17 to 25) throws, checked against a raw server: a bad status line, a header
 * name or value that breaks RFC 9112 and a header section over {@code jdk.http.maxHeaderSize} (384 KiB
 * by default, {@link ShopApi#MAX_HEADER_BYTES}) are {@link ProtocolException}s; a connection that
 * fails is another {@link IOException}; its own timeouts are {@link HttpTimeoutException}s.
 */
public final class JdkHttpFailures {
    private JdkHttpFailures() {}

    /**
     * The CallFailure for what the client threw, or the throwable itself when it is not a transport
     * failure: a CancellationException (the call was aborted: the outcome is already decided), or a
     * bug, which must reach the caller as it is. The cause chain is searched because the blocking
     * {@code send} wraps what {@code sendAsync} would fail with (JDK 17 turns a ProtocolException, or
     * a CallFailure from the body handler, into a plain IOException around it).
     */
    public static Throwable classify(Throwable thrown) {
        Throwable top = unwrap(thrown);
        for (Throwable cause = top; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CallFailure failure) return failure;
            if (cause instanceof HttpTimeoutException) return CallFailure.timeout(cause);
            if (cause instanceof ProtocolException) return CallFailure.unparseable(cause);
        }
        return top instanceof IOException ? CallFailure.connection(top) : top;
    }

    /** The failure inside the wrappers CompletableFuture and blocking waits put around it. */
    public static Throwable unwrap(Throwable thrown) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * The whole body as bytes, refused with {@link CallFailure#tooLarge} once it is over
     * {@link ShopApi#MAX_ANSWER_BYTES}: at once when its Content-Length says so, else as soon as the
     * bytes received pass the limit. Refusing cancels the body's subscription, which makes the client
     * close the connection instead of reading the rest.
     */
    public static HttpResponse.BodyHandler<byte[]> bodyWithinLimit() {
        return info -> {
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new Limited(HttpResponse.BodySubscribers.ofByteArray(), announced > ShopApi.MAX_ANSWER_BYTES ? announced : -1);
        };
    }

    /** Counts the bytes on their way to the delegate and fails the body once they pass the limit. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> delegate;
        private final long announcedOverLimit;
        private final AtomicLong received = new AtomicLong();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        Limited(HttpResponse.BodySubscriber<byte[]> delegate, long announcedOverLimit) {
            this.delegate = delegate;
            this.announcedOverLimit = announcedOverLimit;
            delegate.getBody().whenComplete((bytes, failure) -> {
                if (failure != null) body.completeExceptionally(failure);
                else body.complete(bytes);
            });
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (announcedOverLimit > 0) {
                refuse(announcedOverLimit);
                return;
            }
            delegate.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) return;
            long total = received.addAndGet(buffers.stream().mapToLong(ByteBuffer::remaining).sum());
            if (total > ShopApi.MAX_ANSWER_BYTES) {
                refuse(total);
                return;
            }
            delegate.onNext(buffers);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!body.isDone()) delegate.onError(throwable);
        }

        @Override
        public void onComplete() {
            if (!body.isDone()) delegate.onComplete();
        }

        private void refuse(long bytes) {
            body.completeExceptionally(CallFailure.tooLarge(bytes));
            subscription.cancel();
        }
    }
}
