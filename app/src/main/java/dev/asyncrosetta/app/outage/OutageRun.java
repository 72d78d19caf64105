package dev.asyncrosetta.app.outage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One style's run on one payment path: every checkout as its caller saw it and every charge as the
 * shop's ledger saw it, on one clock. Everything the command prints and draws is derived from these.
 *
 * @param originNanos     when the first checkout started: second 0
 * @param outageBegan     when the payment service was stopped
 * @param outageEnded     when it was back
 * @param chargeTimes     for each checkout of the run the shop charged, when it captured each charge
 * @param jvm             the JVM's threads and heap, sampled several times a second from the first checkout to the last answer
 */
record OutageRun(String style, String path, long originNanos, long outageBegan, long outageEnded,
        List<CheckoutRecord> checkouts, Map<String, List<Long>> chargeTimes, List<JvmSample> jvm) {

    private static final long SECOND = 1_000_000_000L;

    OutageRun {
        checkouts = List.copyOf(checkouts);
        chargeTimes = Map.copyOf(chargeTimes);
        jvm = List.copyOf(jvm);
    }

    long completed() {
        return checkouts.stream().filter(CheckoutRecord::completed).count();
    }

    long failed() {
        return checkouts.size() - completed();
    }

    long failedFast() {
        return checkouts.stream().filter(CheckoutRecord::failedFast).count();
    }

    long timedOut() {
        return checkouts.stream().filter(CheckoutRecord::timedOut).count();
    }

    /** The checkouts of users with nothing to pay that started while the payment service was stopped. */
    List<CheckoutRecord> nothingToPayDuringOutage() {
        return startedDuringOutage().stream().filter(c -> !c.needsPayment()).toList();
    }

    int peakThreads() {
        return jvm.stream().mapToInt(JvmSample::threads).max().orElse(0);
    }

    long peakHeapBytes() {
        return jvm.stream().mapToLong(JvmSample::heapUsedBytes).max().orElse(0);
    }

    /** The checkouts the caller asked for while the payment service was stopped. */
    List<CheckoutRecord> startedDuringOutage() {
        return checkouts.stream().filter(c -> c.startNanos() >= outageBegan && c.startNanos() < outageEnded).toList();
    }

    /** The latency (asking to answer, receipt or failure) below which {@code percent} of the checkouts ended. */
    Duration latency(double percent) {
        return percentile(checkouts, percent);
    }

    static Duration percentile(List<CheckoutRecord> records, double percent) {
        return percentile(records.stream().mapToLong(CheckoutRecord::latencyNanos).sorted().toArray(), percent);
    }

    /**
     * From asking for the checkout to the shop's charge, of the checkouts started before the outage: what
     * the payment itself takes when nothing is wrong. Over HTTP the charge comes before the receipt;
     * through the broker after it, and this is the wait the queue adds.
     */
    Duration timeToCharge(double percent) {
        return percentile(checkouts.stream().filter(c -> c.startNanos() < outageBegan)
                .flatMap(c -> chargeTimes.getOrDefault(c.requestId(), List.of()).stream().limit(1).map(at -> at - c.startNanos()))
                .mapToLong(Long::longValue).sorted().toArray(), percent);
    }

    private static Duration percentile(long[] sorted, double percent) {
        if (sorted.length == 0) return Duration.ZERO;
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
    }

    /**
     * From the payment service's return until the last payment that waited for it was charged: of every
     * checkout started before the return that completed with its payment pending. Empty when there was
     * none, or when one of them was never charged.
     */
    Optional<Duration> catchUp() {
        long last = outageEnded;
        boolean anyWaited = false;
        for (CheckoutRecord checkout : checkouts) {
            if (checkout.ending() != CheckoutRecord.Ending.PAYMENT_PENDING || checkout.startNanos() >= outageEnded) continue;
            List<Long> charges = chargeTimes.getOrDefault(checkout.requestId(), List.of());
            if (charges.isEmpty()) return Optional.empty();
            anyWaited = true;
            last = Math.max(last, charges.get(0));
        }
        return anyWaited ? Optional.of(Duration.ofNanos(last - outageEnded)) : Optional.empty();
    }

    ChargeCheck charges() {
        int completed = 0, once = 0, never = 0, more = 0, failedButCharged = 0, chargedForNothing = 0;
        for (CheckoutRecord checkout : checkouts) {
            int charges = chargeTimes.getOrDefault(checkout.requestId(), List.of()).size();
            if (!checkout.needsPayment()) {
                if (charges > 0) chargedForNothing++;
                continue;
            }
            if (!checkout.completed()) {
                if (charges == 1) failedButCharged++;
                else if (charges > 1) more++;
                continue;
            }
            completed++;
            if (charges == 1) once++;
            else if (charges == 0) never++;
            else more++;
        }
        return new ChargeCheck(completed, once, never, more, failedButCharged, chargedForNothing);
    }

    /** Second by second, from the first checkout until the last answer and the last charge. */
    List<OutageSecond> seconds() {
        long end = checkouts.stream().mapToLong(CheckoutRecord::endNanos).max().orElse(originNanos);
        for (List<Long> times : chargeTimes.values()) {
            for (long time : times) end = Math.max(end, time);
        }
        int count = (int) ((end - originNanos) / SECOND) + 1;
        List<OutageSecond> seconds = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            long from = originNanos + s * SECOND;
            long to = from + SECOND;
            seconds.add(new OutageSecond(s,
                    count(c -> c.startNanos() >= from && c.startNanos() < to),
                    count(c -> c.completed() && c.endNanos() >= from && c.endNanos() < to),
                    count(c -> !c.completed() && c.endNanos() >= from && c.endNanos() < to),
                    count(c -> c.failedFast() && c.endNanos() >= from && c.endNanos() < to),
                    count(c -> c.timedOut() && c.endNanos() >= from && c.endNanos() < to),
                    count(c -> c.startNanos() < to && c.endNanos() >= to),
                    count(c -> c.ending() == CheckoutRecord.Ending.PAYMENT_PENDING && c.endNanos() < to && !chargedBefore(c, to)),
                    chargedWithin(from, to),
                    checkouts.stream().filter(c -> !c.needsPayment() && c.startNanos() >= from && c.startNanos() < to)
                            .mapToLong(c -> c.latencyNanos() / 1_000_000).max().orElse(-1),
                    jvmWithin(from, to).mapToInt(JvmSample::threads).max().orElse(0),
                    jvmWithin(from, to).mapToLong(JvmSample::heapUsedBytes).max().orElse(0),
                    outageBegan < to && outageEnded > from));
        }
        return seconds;
    }

    private Stream<JvmSample> jvmWithin(long from, long to) {
        return jvm.stream().filter(sample -> sample.atNanos() >= from && sample.atNanos() < to);
    }

    private int count(Predicate<CheckoutRecord> which) {
        return (int) checkouts.stream().filter(which).count();
    }

    private boolean chargedBefore(CheckoutRecord checkout, long time) {
        List<Long> charges = chargeTimes.getOrDefault(checkout.requestId(), List.of());
        return !charges.isEmpty() && charges.get(0) < time;
    }

    private int chargedWithin(long from, long to) {
        int charged = 0;
        for (CheckoutRecord checkout : checkouts) {
            for (long time : chargeTimes.getOrDefault(checkout.requestId(), List.of())) {
                if (time >= from && time < to) charged++;
            }
        }
        return charged;
    }
}
