package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one checkout while recording its calls, and waits for its outcome. Waiting is fine here: this
 * is the command's own thread, not a step of a workflow.
 */
final class TracedCheckout {
    /** Longest wait for calls still ending after the outcome (siblings aborted by a failure). */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    /** Beyond the policy's deadline, which every style enforces itself. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private TracedCheckout() {}

    /**
     * @param ledger the shop's ledger when the shop runs in this JVM: it adds the shop's side of
     *     every call, and says when the last call has ended
     */
    static Timeline run(CheckoutStyle style, CheckoutService service, CheckoutRequest request, Duration deadline,
            Optional<Ledger> ledger) {
        try (CallRecorder recorder = CallRecorder.listen(request.requestId())) {
            long start = System.nanoTime();
            CompletableFuture<Receipt> checkout = service.checkout(request);
            AtomicLong end = new AtomicLong();
            checkout.whenComplete((receipt, failure) -> end.set(System.nanoTime()));
            Outcome outcome = await(checkout, deadline.plus(SLACK));
            end.compareAndSet(0, System.nanoTime());
            settle(recorder, ledger, request.requestId(), outcome);
            List<TracedCall> calls = CallMatcher.match(recorder.calls(),
                    ledger.map(l -> l.calls(request.requestId())).orElse(List.of()));
            return new Timeline(style.name(), style.summary(), request.requestId(), start, end.get(), calls, outcome);
        }
    }

    private static Outcome await(CompletableFuture<Receipt> checkout, Duration patience) {
        try {
            return Outcome.of(checkout.get(patience.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return Outcome.of(e.getCause());
        } catch (TimeoutException e) {
            checkout.cancel(true);
            return Outcome.of(new TimeoutException("no outcome after " + patience.toSeconds() + "s: the style ignored its deadline"));
        } catch (InterruptedException e) {
            checkout.cancel(true);
            Thread.currentThread().interrupt();
            return Outcome.of(e);
        }
    }

    /**
     * A failed checkout aborts its calls still in flight, and they end a moment after the outcome.
     * The shop's ledger says when that has happened; without it (a remote shop), wait until no more
     * calls are reported for a short while.
     */
    private static void settle(CallRecorder recorder, Optional<Ledger> ledger, String requestId, Outcome outcome) {
        long giveUp = System.nanoTime() + SETTLE.toNanos();
        try {
            if (ledger.isPresent()) {
                Ledger shop = ledger.get();
                while (System.nanoTime() < giveUp
                        && (shop.inFlight(requestId) > 0 || recorder.count() < shop.calls(requestId).size())) {
                    Thread.sleep(5);
                }
            } else if (!outcome.succeeded()) {
                int seen;
                do {
                    seen = recorder.count();
                    Thread.sleep(100);
                } while (recorder.count() != seen && System.nanoTime() < giveUp);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
