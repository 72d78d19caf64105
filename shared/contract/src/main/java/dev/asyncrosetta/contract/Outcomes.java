package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.Receipt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the caller of checkout sees: a Receipt, or a failure that is exactly one of the family. */
public final class Outcomes {
    static final long WAIT_SECONDS = 30;

    private Outcomes() {}

    public static Receipt receipt(CompletableFuture<Receipt> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a Receipt, but the checkout failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the checkout did not complete within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** The failure of the future, which must be of exactly this type (not wrapped in anything). */
    public static <T extends CheckoutException> T failure(CompletableFuture<?> future, Class<T> expected) {
        Throwable cause = cause(future);
        assertThat(cause).as("the failure the caller sees").isExactlyInstanceOf(expected);
        return expected.cast(cause);
    }

    /** What the future failed with (a CancellationException if cancelled); fails if it succeeds or hangs. */
    public static Throwable cause(CompletableFuture<?> future) {
        try {
            Object value = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a failed checkout, but it returned " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (TimeoutException e) {
            return fail("the checkout did not complete within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }
}
