package dev.asyncrosetta.loom;

import dev.asyncrosetta.model.Receipt;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;

// side-by-side: begin cancellation
/**
 * One checkout as a task for a thread of its own, seen through the CompletableFuture the caller
 * holds. That future is only the adapter to the shared interface, and its {@code cancel} interrupts
 * nothing by itself, so the two are wired both ways: when the task ends it completes the future,
 * and whatever completes the future first (the caller's cancel, the deadline) cancels the task,
 * which interrupts its thread, or keeps it from ever running if it is still queued.
 *
 * <p>The task's work ends in a future: done already, or the rest of the checkout handed to another
 * thread (the payment step, on the payment pool). The task completes the caller's future once that
 * rest has, and cancelling the caller's future cancels the rest too.
 */
final class CheckoutTask extends FutureTask<CompletableFuture<Receipt>> {
    private final CompletableFuture<Receipt> result = new CompletableFuture<>();

    CheckoutTask(Callable<CompletableFuture<Receipt>> workflow) {
        super(workflow);
        // A no-op when the task itself completed the result: by then it is done.
        result.whenComplete((receipt, failure) -> cancel(true));
    }

    CompletableFuture<Receipt> result() {
        return result;
    }

    /** Runs once the task is done, however it got there. */
    @Override
    protected void done() {
        switch (state()) {
            case SUCCESS -> {
                CompletableFuture<Receipt> rest = resultNow();
                rest.whenComplete((receipt, failure) -> {
                    if (failure == null) {
                        result.complete(receipt);
                    } else {
                        result.completeExceptionally(failure);
                    }
                });
                result.whenComplete((receipt, failure) -> rest.cancel(true));
            }
            // Only close() interrupts a checkout the result has not already given up on.
            case FAILED -> result.completeExceptionally(exceptionNow() instanceof InterruptedException
                    ? new CancellationException("the checkout service was closed")
                    : exceptionNow());
            // The result was completed first; or, if not, the service was closed before the task ran.
            case CANCELLED -> result.cancel(false);
            case RUNNING -> { } // never: done() runs once the task is done
        }
    }
}
// side-by-side: end cancellation
