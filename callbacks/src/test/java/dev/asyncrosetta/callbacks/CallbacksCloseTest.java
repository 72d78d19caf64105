package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * close() racing checkouts that are starting on other threads, against a shop that answers nothing;
 * and close() on an interrupted thread.
 */
class CallbacksCloseTest {
    private static final CheckoutPolicy POLICY = new CheckoutPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(30), 3, Duration.ofMillis(10), 2);

    /**
     * A checkout that checked "not closed" just before close() ran, and was not yet among the running
     * checkouts close() cancels, used to go on against a stopped timer: it failed with a
     * RejectedExecutionException, or never completed at all.
     */
    @Test
    void aCheckoutRacingCloseFailsAsClosedOrCancelledAndNeverThrows() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            ScriptedShop shop = new ScriptedShop();
            CallbacksCheckout service = new CallbacksCheckout(shop, POLICY, CallbacksStyle.newTimer());
            ConcurrentLinkedQueue<CompletableFuture<Receipt>> checkouts = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CompletableFuture<Receipt>> askedAfterClose = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
            AtomicBoolean closed = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(3);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread caller = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; i < 200; i++) {
                        boolean afterClose = closed.get();
                        try {
                            String userId = afterClose ? "after-close" : "u-1";
                            CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest(userId, "request-" + i));
                            (afterClose ? askedAfterClose : checkouts).add(checkout);
                        } catch (Throwable e) {
                            thrown.add(e);
                        }
                    }
                });
                caller.start();
                callers.add(caller);
            }
            started.await();
            service.close();
            closed.set(true);
            for (Thread caller : callers) caller.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(thrown).as("what checkout() threw").isEmpty();
            List<CompletableFuture<Receipt>> all = new ArrayList<>(checkouts);
            all.addAll(askedAfterClose);
            assertThat(all).as("round %d: every checkout completes, and only as closed or cancelled", round).allSatisfy(checkout ->
                    assertThat(checkout).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                            .satisfies(failure -> assertThat(failure instanceof CancellationException
                                    || failure.getCause() instanceof IllegalStateException)
                                    .as("failed with %s", failure).isTrue()));
            assertThat(askedAfterClose).as("checkouts asked after close() returned").allSatisfy(checkout ->
                    assertThat(checkout).isCompletedExceptionally().isNotCancelled());
            assertThat(shop.started()).as("calls of checkouts asked after close() returned").doesNotContain("user after-close");
        }
    }

    /**
     * close() on a thread that was interrupted returns without its wait for the timer, and leaves the
     * interrupt for its caller to see, as a blocking method that gives up on an interrupt should. The
     * timer runs a task that ignores interrupts, so it cannot have ended before close() waits for it.
     */
    @Test
    void closeOnAnInterruptedThreadReturnsAndLeavesItInterrupted() throws InterruptedException {
        ScheduledThreadPoolExecutor timer = CallbacksStyle.newTimer();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        timer.execute(() -> {
            busy.countDown();
            awaitIgnoringInterrupts(release);
        });
        busy.await();
        CallbacksCheckout service = new CallbacksCheckout(new ScriptedShop(), POLICY, timer);
        try {
            Thread.currentThread().interrupt();
            long started = System.nanoTime();
            service.close();
            assertThat(Thread.interrupted()).as("still interrupted after close()").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("close() took").isLessThan(Duration.ofSeconds(4));
        } finally {
            Thread.interrupted();
            release.countDown();
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
