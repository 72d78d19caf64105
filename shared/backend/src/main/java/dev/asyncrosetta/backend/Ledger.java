package dev.asyncrosetta.backend;

import dev.asyncrosetta.backend.Call.Ending;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the shop saw: every call with its request id, route, timing and ending, the peak of
 * calls in flight per request id and route and per route across request ids, and the charges captured. Written from the server's
 * event loops without locks, read by tests from any thread.
 */
public final class Ledger {
    /** The request id a call is filed under when it came without an {@code X-Request-Id} header (or a blank one). */
    public static final String NO_REQUEST_ID = "-";

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Charge> charges = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Map<Route, InFlight> inFlightPerRoute = new ConcurrentHashMap<>();

    /** Forgets everything; the shop's data and captured payments stay as they are. */
    public void clear() {
        entries.clear();
        charges.clear();
        attempts.clear();
        inFlight.clear();
        inFlightPerRoute.clear();
    }

    public List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        for (Entry entry : entries) calls.add(entry.snapshot());
        calls.sort(Comparator.comparingLong(Call::seq));
        return calls;
    }

    public List<Call> calls(String requestId) {
        return calls().stream().filter(c -> c.requestId().equals(requestId)).toList();
    }

    public List<Call> calls(String requestId, Route route) {
        return calls().stream().filter(c -> c.requestId().equals(requestId) && c.route() == route).toList();
    }

    /** The calls that came without an {@code X-Request-Id} (filed under {@link #NO_REQUEST_ID}). */
    public List<Call> callsWithoutRequestId() {
        return calls(NO_REQUEST_ID);
    }

    /** Calls of this request that have not ended yet. */
    public long inFlight(String requestId) {
        return calls(requestId).stream().filter(c -> !c.ended()).count();
    }

    /** All calls not ended yet, whatever their request. */
    public long inFlight() {
        return calls().stream().filter(c -> !c.ended()).count();
    }

    /** The most calls of this request to this route the shop had in flight at one moment. */
    public int peakInFlight(String requestId, Route route) {
        InFlight counter = inFlight.get(requestId + ' ' + route);
        return counter == null ? 0 : counter.peak.get();
    }

    /**
     * The most calls to this route the shop had in flight at one moment, whatever their request ids:
     * what a bulkhead shared by every checkout of a service bounds.
     */
    public int peakInFlight(Route route) {
        InFlight counter = inFlightPerRoute.get(route);
        return counter == null ? 0 : counter.peak.get();
    }

    public List<Charge> charges() {
        return List.copyOf(charges);
    }

    public List<Charge> charges(String requestId) {
        return charges.stream().filter(c -> c.requestId().equals(requestId)).toList();
    }

    Entry begin(String requestId, Route route, String resourceId, String path, String idempotencyKey, TraceHeaders trace) {
        int attempt = attempts.computeIfAbsent(requestId + ' ' + route.method() + ' ' + path, k -> new AtomicInteger())
                .incrementAndGet();
        InFlight counter = inFlight.computeIfAbsent(requestId + ' ' + route, k -> new InFlight());
        InFlight routeCounter = inFlightPerRoute.computeIfAbsent(route, k -> new InFlight());
        Entry entry = new Entry(sequence.incrementAndGet(), requestId, route, resourceId, attempt, idempotencyKey, System.nanoTime(),
                trace, counter, routeCounter);
        counter.began();
        routeCounter.began();
        entries.add(entry);
        return entry;
    }

    void charged(Charge charge) {
        charges.add(charge);
    }

    /** The W3C trace context headers of a call, as they came (each null when absent): read, never interpreted. */
    record TraceHeaders(String traceparent, String tracestate) {}

    private static final class InFlight {
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        void began() {
            peak.accumulateAndGet(current.incrementAndGet(), Math::max);
        }
    }

    /** A call being served; the first ending reported wins, later ones are ignored. */
    static final class Entry {
        private final long seq;
        private final String requestId;
        private final Route route;
        private final String resourceId;
        private final int attempt;
        private final String idempotencyKey;
        private final long startNanos;
        private final TraceHeaders trace;
        private final InFlight counter;
        private final InFlight routeCounter;
        private final AtomicReference<Ended> ended = new AtomicReference<>();

        private record Ended(Ending how, long atNanos, int status) {}

        private Entry(long seq, String requestId, Route route, String resourceId, int attempt, String idempotencyKey,
                long startNanos, TraceHeaders trace, InFlight counter, InFlight routeCounter) {
            this.seq = seq;
            this.requestId = requestId;
            this.route = route;
            this.resourceId = resourceId;
            this.attempt = attempt;
            this.idempotencyKey = idempotencyKey;
            this.startNanos = startNanos;
            this.trace = trace;
            this.counter = counter;
            this.routeCounter = routeCounter;
        }

        int attempt() {
            return attempt;
        }

        boolean ended() {
            return ended.get() != null;
        }

        /** Records the ending; returns false if the call had already ended. */
        boolean end(Ending how, int status) {
            if (!ended.compareAndSet(null, new Ended(how, System.nanoTime(), status))) return false;
            counter.current.decrementAndGet();
            routeCounter.current.decrementAndGet();
            return true;
        }

        Call snapshot() {
            Ended end = ended.get();
            return end == null
                    ? new Call(seq, requestId, route, resourceId, attempt, idempotencyKey, startNanos, 0, Ending.IN_FLIGHT, 0,
                            trace.traceparent(), trace.tracestate())
                    : new Call(seq, requestId, route, resourceId, attempt, idempotencyKey, startNanos, end.atNanos(), end.how(), end.status(),
                            trace.traceparent(), trace.tracestate());
        }
    }
}
