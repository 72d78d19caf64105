package dev.asyncrosetta.app.bench;

import java.util.List;
import java.util.Map;

/**
 * One workload's results, every style, under a heading that says what the workload was: for each
 * style the repetition with the median of the workload's {@link Workload#headline()}, and that
 * figure's spread over the repetitions.
 *
 * @param quick whether these are a quick run's: it does not wait for its checkouts to end before
 *     closing a style, so that is not worth a note
 */
record Section(Workload workload, String heading, LoadMode mode, List<Result> results, Map<String, Spread> spreads,
        boolean quick) {

    /** The checkouts kept in flight, closed loop; 0 in open loop, where it is not fixed. */
    int inFlight() {
        return mode instanceof LoadMode.ClosedLoop closed ? closed.inFlight() : 0;
    }
}
