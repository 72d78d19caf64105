package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.backend.Durations;
import java.time.Duration;

/**
 * When checkouts arrive and when the payment service is away: checkouts start at {@code perSecond}, on
 * a fixed schedule whatever happens to the ones before them (open loop, as customers arrive), for
 * {@code arrivals}; the payment service stops answering {@code outageStart} after the first one and
 * returns {@code outageLength} later.
 */
record OutageSchedule(int perSecond, Duration arrivals, Duration outageStart, Duration outageLength) {

    /** More than one machine's shop and broker serve without becoming the story themselves. */
    static final int MAX_PER_SECOND = 1000;

    OutageSchedule {
        if (perSecond < 1 || perSecond > MAX_PER_SECOND) {
            throw new IllegalArgumentException("checkouts per second must be within 1.." + MAX_PER_SECOND + ", not " + perSecond);
        }
        if (outageLength.isNegative() || outageLength.isZero() || outageStart.plus(outageLength).compareTo(arrivals) > 0) {
            throw new IllegalArgumentException("the outage, from " + Durations.format(outageStart) + " for " + Durations.format(outageLength)
                    + ", must last a while and end within the " + Durations.format(arrivals) + " of arrivals");
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
}
