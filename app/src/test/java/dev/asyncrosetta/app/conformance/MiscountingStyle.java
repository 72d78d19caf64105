package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A real style with one slip, the kind a hand-written retry loop makes: when a call runs out of
 * attempts, it reports one attempt fewer than it made. Everything else, the calls on the
 * wire included, is the real style's. The differential property must catch it and shrink the case.
 */
final class MiscountingStyle implements CheckoutStyle {
    private final CheckoutStyle real;

    MiscountingStyle(CheckoutStyle real) {
        this.real = real;
    }

    @Override
    public String name() {
        return real.name() + "-miscounting";
    }

    @Override
    public String summary() {
        return real.summary() + ", miscounting attempts";
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        CheckoutService service = real.open(shopBaseUri, policy);
        return new CheckoutService() {
            @Override
            public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
                CompletableFuture<Receipt> result = new CompletableFuture<>();
                service.checkout(request).whenComplete((receipt, failure) -> {
                    if (failure == null) {
                        result.complete(receipt);
                    } else {
                        result.completeExceptionally(miscounted(failure));
                    }
                });
                return result;
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    private static Throwable miscounted(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof DownstreamException downstream && downstream.attempts() > 1) {
            return new DownstreamException(downstream.step(), downstream.kind(), downstream.attempts() - 1, downstream.getCause());
        }
        return cause;
    }
}
