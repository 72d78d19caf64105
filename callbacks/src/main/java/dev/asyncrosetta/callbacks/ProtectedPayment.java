package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.resilience.PaymentPlaces;
import dev.asyncrosetta.resilience.Protections;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.eclipse.jetty.util.Promise;

/**
 * One payment attempt through the circuit breaker and then the payment bulkhead, Resilience4j's
 * order, with their permission API: Resilience4j has no decorator for a callback. Every permission
 * taken is settled exactly once, by hand, as everything else in this style: the breaker hears the
 * attempt's success or failure, or has its permission released when the checkout aborted the attempt
 * first; the bulkhead's place is given back when the call ends or is aborted. The wait for a place
 * holds no thread ({@link PaymentPlaces}); a rejection is reported as the family's rejection.
 */
final class ProtectedPayment {
    private final Protections protections;
    private final PaymentPlaces paymentPlaces;

    ProtectedPayment(Protections protections, PaymentPlaces paymentPlaces) {
        this.protections = protections;
        this.paymentPlaces = paymentPlaces;
    }

    /** The attempt {@code call} makes, protected; what it returns aborts the wait, the call, or both. */
    <T> Function<Promise<T>, Abortable> attempt(Function<Promise<T>, Abortable> call) {
        return report -> {
            CircuitBreaker breaker = protections.circuitBreaker();
            if (!breaker.tryAcquirePermission()) {
                report.failed(protections.circuitOpen());
                return () -> {};
            }
            Attempt<T> attempt = new Attempt<>(breaker, report);
            CompletableFuture<Void> place = paymentPlaces.take();
            place.whenComplete((taken, full) -> {
                if (full != null) {
                    attempt.rejected(protections.paymentBulkheadFull());
                } else {
                    attempt.start(call);
                }
            });
            return () -> {
                place.cancel(false); // gives up the wait; a place already handed over is given back by the attempt
                attempt.abort();
            };
        };
    }

    /** One attempt's two permissions and its call, each settled once. */
    private final class Attempt<T> {
        private final CircuitBreaker breaker;
        private final Promise<T> report;
        private final long start;
        private final AtomicBoolean breakerSettled = new AtomicBoolean();
        private final AtomicBoolean placeHeld = new AtomicBoolean();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final AtomicReference<Abortable> call = new AtomicReference<>();

        Attempt(CircuitBreaker breaker, Promise<T> report) {
            this.breaker = breaker;
            this.report = report;
            this.start = breaker.getCurrentTimestamp();
        }

        void start(Function<Promise<T>, Abortable> operation) {
            placeHeld.set(true);
            if (aborted.get()) {
                giveBackThePlace();
                return;
            }
            call.set(operation.apply(Promise.from(value -> {
                giveBackThePlace();
                if (breakerSettled.compareAndSet(false, true)) {
                    breaker.onSuccess(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit());
                }
                report.succeeded(value);
            }, failure -> {
                giveBackThePlace();
                if (breakerSettled.compareAndSet(false, true)) {
                    breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), failure);
                }
                report.failed(failure);
            })));
            if (aborted.get()) {
                abort(); // aborted while the call was starting
            }
        }

        void rejected(Throwable rejection) {
            releaseTheBreaker();
            report.failed(rejection);
        }

        void abort() {
            aborted.set(true);
            Abortable started = call.get();
            if (started != null) {
                started.abort();
            }
            giveBackThePlace();
            releaseTheBreaker();
        }

        private void giveBackThePlace() {
            if (placeHeld.compareAndSet(true, false)) {
                paymentPlaces.release();
            }
        }

        private void releaseTheBreaker() {
            if (breakerSettled.compareAndSet(false, true)) {
                breaker.releasePermission();
            }
        }
    }
}
