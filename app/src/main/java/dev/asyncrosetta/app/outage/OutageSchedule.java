package dev.asyncrosetta.app.outage;

import java.time.Duration;

/**
 * When checkouts arrive and when the payment service is away: checkouts start at {@code perSecond}, on
 * a fixed schedule whatever happens to the ones before them (open loop, as customers arrive), for
 * {@code arrivals}; the payment service stops answering {@code outageStart} after the first one and
 * returns {@code outageLength} later.
 */
record OutageSchedule(int perSecond, Duration arrivals, Duration outageStart, Duration outageLength) {

    OutageSchedule {
        if (perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("checkouts per second must be within 1..1000, not " + perSecond);
        }
        if (outageStart.isNegative() || outageLength.isNegative() || outageLength.isZero() || outageStart.plus(outageLength).compareTo(arrivals) > 0) {
            throw new IllegalArgumentException("the outage (" + outageStart.toMillis() + " ms + " + outageLength.toMillis()
                    + " ms) must lie within the " + arrivals.toMillis() + " ms of arrivals");
        }
    }

    Duration outageEnd() {
        return outageStart.plus(outageLength);
    }

    /** How many checkouts start in all. */
    int checkouts() {
        return (int) (arrivals.toNanos() * perSecond / 1_000_000_000L);
    }

    /** When checkout {@code n} (from 0) starts, after the first. */
    long startOffsetNanos(int n) {
        return n * 1_000_000_000L / perSecond;
    }

    boolean duringOutage(long offsetNanos) {
        return offsetNanos >= outageStart.toNanos() && offsetNanos < outageEnd().toNanos();
    }
}
