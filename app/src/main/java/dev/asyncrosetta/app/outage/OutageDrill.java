package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one style on one payment path through the outage: checkouts start on the schedule from this
 * thread, which also stops the payment service and brings it back at their times; then it waits for
 * every answer, and for every pending payment to be charged, and reads the charges from the ledger.
 */
final class OutageDrill {
    /** Untimed checkouts first, so the run does not show the style's first connections and the JIT. */
    private static final int WARM_UP_CHECKOUTS = 10;
    /** How long the payment service gets to charge what waited for it before the run says what it did. */
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final OutageSchedule schedule;
    private final CheckoutPolicy policy;
    private final Ledger ledger;
    private final Customers customers;

    /** @param policy whose deadline bounds the wait for the warm-up's answers and the run's last ones, on every path */
    OutageDrill(OutageSchedule schedule, CheckoutPolicy policy, Ledger ledger, Customers customers) {
        this.schedule = schedule;
        this.policy = policy;
        this.ledger = ledger;
        this.customers = customers;
    }

    OutageSchedule schedule() {
        return schedule;
    }

    /** @param requestIdPrefix tells this run's checkouts (and charges) from every other run's */
    OutageRun run(CheckoutStyle style, PaymentPath path, String requestIdPrefix) throws InterruptedException {
        try (CheckoutService service = path.open(style)) {
            warmUp(service, "w-" + requestIdPrefix);
            Queue<CheckoutRecord> records = new ConcurrentLinkedQueue<>();
            List<CompletableFuture<?>> answers = new ArrayList<>();
            long origin = System.nanoTime();
            long outageBegan;
            long outageEnded;
            List<JvmSample> jvm;
            try (JvmSampler sampler = JvmSampler.start()) {
                int next = startDue(service, requestIdPrefix, origin, 0, schedule.outageStart(), records, answers);
                path.stopPaymentService();
                outageBegan = System.nanoTime();
                next = startDue(service, requestIdPrefix, origin, next, schedule.outageEnd(), records, answers);
                path.restorePaymentService();
                outageEnded = System.nanoTime();
                startDue(service, requestIdPrefix, origin, next, schedule.arrivals(), records, answers);
                awaitAnswers(answers);
                jvm = sampler.samples();
            } finally {
                // Again, in case the run was cut short during the outage: the next run must find the service up.
                path.restorePaymentService();
            }
            List<CheckoutRecord> checkouts = List.copyOf(records);
            awaitCharges(checkouts);
            return new OutageRun(style.name(), path.label(), origin, outageBegan, outageEnded, checkouts,
                    chargeTimes(requestIdPrefix), jvm);
        }
    }

    private void warmUp(CheckoutService service, String prefix) throws InterruptedException {
        for (int i = 0; i < WARM_UP_CHECKOUTS; i++) {
            try {
                service.checkout(request(prefix, i)).get(policy.deadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // a warm-up only has to run; its outcome is not part of the run
            }
        }
    }

    /** Starts checkouts from number {@code next} until the one due at {@code until}; returns the next one's number. */
    private int startDue(CheckoutService service, String prefix, long origin, int next, Duration until,
            Queue<CheckoutRecord> records, List<CompletableFuture<?>> answers) {
        long untilNanos = origin + until.toNanos();
        for (int n = next; n < schedule.checkouts(); n++) {
            long due = origin + schedule.startOffsetNanos(n);
            if (due >= untilNanos) {
                parkUntil(untilNanos);
                return n;
            }
            parkUntil(due);
            CheckoutRequest request = request(prefix, n);
            boolean needsPayment = customers.needsPayment(n);
            long started = System.nanoTime();
            answers.add(service.checkout(request).whenComplete((receipt, failure) -> records.add(
                    CheckoutRecord.of(request.requestId(), needsPayment, started, System.nanoTime(), receipt, failure))));
        }
        parkUntil(untilNanos);
        return schedule.checkouts();
    }

    private CheckoutRequest request(String prefix, int n) {
        return new CheckoutRequest(customers.userFor(n), prefix + "-" + n);
    }

    /** Every checkout ends by its deadline; the margin only keeps a broken style from hanging the command. */
    private void awaitAnswers(List<CompletableFuture<?>> answers) throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
        try {
            all.get(policy.deadline().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // each failure is in its record
        } catch (TimeoutException e) {
            answers.forEach(answer -> answer.cancel(true));
        }
    }

    private void awaitCharges(List<CheckoutRecord> checkouts) throws InterruptedException {
        List<String> pending = checkouts.stream()
                .filter(c -> c.ending() == CheckoutRecord.Ending.PAYMENT_PENDING).map(CheckoutRecord::requestId).toList();
        long until = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < until) {
            Set<String> charged = new HashSet<>();
            for (Charge charge : ledger.charges()) charged.add(charge.requestId());
            if (charged.containsAll(pending)) return;
            Thread.sleep(20);
        }
    }

    private Map<String, List<Long>> chargeTimes(String prefix) {
        Map<String, List<Long>> times = new HashMap<>();
        for (Charge charge : ledger.charges()) {
            if (charge.requestId().startsWith(prefix + "-")) {
                times.computeIfAbsent(charge.requestId(), id -> new ArrayList<>()).add(charge.atNanos());
            }
        }
        times.values().forEach(list -> list.sort(null));
        return times;
    }

    private static void parkUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
