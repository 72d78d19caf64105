package dev.asyncrosetta.app.bench;

/**
 * How checkouts are started. Closed loop is what W1-W3 ask for ("N in flight"): a checkout starts
 * when another ends, so a slow style is offered less work, and latency is measured from the call
 * to {@code checkout()}. Open loop starts checkouts at a fixed rate whatever happens, and measures
 * each one's latency from when it was due to start, not from when the load generator got round to
 * starting it: a stall (a GC pause, a saturated CPU) then shows in the latencies of every checkout it
 * delayed instead of being hidden (coordinated omission).
 */
sealed interface LoadMode {

    String describe();

    record ClosedLoop(int inFlight) implements LoadMode {
        public ClosedLoop {
            if (inFlight < 1) throw new IllegalArgumentException("in flight must be positive: " + inFlight);
        }

        @Override
        public String describe() {
            return "closed loop, " + inFlight + " in flight";
        }
    }

    /**
     * @param perSecond checkouts started per second
     * @param maxInFlight a safety net for a style that cannot keep up: the load generator waits (and
     *     the latencies keep counting from when each checkout was due) instead of filling the heap
     */
    record OpenLoop(double perSecond, int maxInFlight) implements LoadMode {
        public OpenLoop {
            if (!(perSecond > 0)) throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }

        @Override
        public String describe() {
            return String.format(java.util.Locale.ROOT, "open loop, %.0f/s", perSecond);
        }
    }
}
