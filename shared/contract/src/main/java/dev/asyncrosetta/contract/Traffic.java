package dev.asyncrosetta.contract;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Ledger;
import dev.asyncrosetta.backend.Route;
import java.time.Duration;
import java.util.List;

/** Reading one request's calls off the shop's ledger. */
public final class Traffic {
    private Traffic() {}

    /**
     * The request's calls once none is in flight any more. An abort reaches the shop a moment after
     * the client gave up, so tests wait for the ledger to say so rather than read it at once.
     */
    public static List<Call> settled(Ledger ledger, String requestId) {
        Waits.until(Duration.ofSeconds(10), () -> ledger.inFlight(requestId) == 0,
                () -> "calls of " + requestId + " still in flight: " + ledger.calls(requestId));
        return ledger.calls(requestId);
    }

    /** Waits until the request has this many detail calls on the shop's ledger (in flight, when they hang). */
    public static void awaitDetails(Ledger ledger, String requestId, int count) {
        Waits.until(Duration.ofSeconds(10), () -> to(ledger.calls(requestId), Route.DETAILS).size() == count,
                () -> "details of " + requestId + " so far: " + ledger.calls(requestId));
    }

    public static List<Call> to(List<Call> calls, Route route) {
        return calls.stream().filter(c -> c.route() == route).toList();
    }

    public static List<Call> to(List<Call> calls, Route route, String resourceId) {
        return calls.stream().filter(c -> c.route() == route && resourceId.equals(c.resourceId())).toList();
    }

    /** From the end of one call to the start of the next, as the shop saw them. */
    public static Duration gap(Call earlier, Call later) {
        return Duration.ofNanos(later.startNanos() - earlier.endNanos());
    }
}
