package dev.asyncrosetta.app.bench;

import java.time.Duration;

/**
 * The fixed workloads of issue 10, so that figures compare across versions. Every checkout is for a
 * paying user with {@value #OPEN_ORDERS} open orders, fetched {@value #DETAILS_CONCURRENCY} at a
 * time: user, orders, two waves of details, payment, i.e. five waits in a row and eight HTTP calls.
 * The quick variants keep each workload's latency (so its floor is the same) but hold fewer
 * checkouts in flight for much shorter: they check that everything runs, not what it costs.
 */
enum Workload {
    W1("latency-bound", Duration.ofMillis(20), "checkouts/s", Result::throughput,
            new Plan(1_000, Duration.ofSeconds(10), Duration.ofSeconds(20), false),
            new Plan(30, Duration.ofMillis(300), Duration.ofMillis(600), true)),
    // Three repetitions of every style, client floor, variant and broker path (some twenty subjects)
    // must fit in the full run's budget of twenty minutes: 1.5 s of warm-up after the bench's own (the
    // code is compiled already) and 3 s measured: some 2,500 checkouts even for the slowest subject.
    W2("CPU-bound", Duration.ZERO, "client CPU µs/co", Result::clientCpuMicros,
            new Plan(64, Duration.ofMillis(1_500), Duration.ofSeconds(3), false),
            // Shorter than the others' quick plans: W2 has some twenty subjects (styles, client floors,
            // the broker path), and at no added latency the stretch still waits for enough checkouts.
            new Plan(8, Duration.ofMillis(200), Duration.ofMillis(400), true)),
    // The cost of holding 10,000 in flight, not their latency: the warm-up ramps them up, and a
    // window of a few seconds is enough to see the threads and the heap they hold.
    W3("scale", Duration.ofMillis(100), "heap MB", Result::heapMegabytes,
            new Plan(10_000, Duration.ofSeconds(5), Duration.ofSeconds(3), false),
            // 100 ms calls: a checkout takes at least 500 ms, so measure long enough to see some end.
            new Plan(150, Duration.ofMillis(500), Duration.ofMillis(800), true));

    /**
     * What a run measures unless told otherwise: W1 in closed loop asked two cores for ten times what
     * they carry and showed only queueing; the capacity sweep, at W1's latency, answers its question.
     */
    static final java.util.List<Workload> DEFAULT = java.util.List.of(W2, W3);

    static final int OPEN_ORDERS = 5;
    static final int DETAILS_CONCURRENCY = 4;
    /** User, orders, the waves of details, payment. */
    static final int SEQUENTIAL_WAITS = 3 + (OPEN_ORDERS + DETAILS_CONCURRENCY - 1) / DETAILS_CONCURRENCY;
    static final int CALLS_PER_CHECKOUT = 3 + OPEN_ORDERS;

    /**
     * How many checkouts are kept in flight (closed loop), and for how long.
     *
     * @param stretch a quick run's: its half second is no warm-up for a style whose classes are
     *     not even loaded yet, the less so on a busy machine, and its window can be shorter than one
     *     checkout. So the warm-up also lasts until as many checkouts as are kept in flight have
     *     ended, and the window until {@link #STRETCH_MIN_CHECKOUTS} have, each within
     *     {@link #STRETCH_AT_MOST}. Full runs keep to their durations.
     */
    record Plan(int inFlight, Duration warmup, Duration measure, boolean stretch) {}

    static final Duration STRETCH_AT_MOST = Duration.ofSeconds(10);
    static final int STRETCH_MIN_CHECKOUTS = 20;

    private final String what;
    private final Duration latency;
    private final String headlineName;
    private final java.util.function.ToDoubleFunction<Result> headline;
    private final Plan full;
    private final Plan quick;

    Workload(String what, Duration latency, String headlineName, java.util.function.ToDoubleFunction<Result> headline,
            Plan full, Plan quick) {
        this.what = what;
        this.latency = latency;
        this.headlineName = headlineName;
        this.headline = headline;
        this.full = full;
        this.quick = quick;
    }

    String what() {
        return what;
    }

    /**
     * The figure the workload is about, by which its repetitions are ranked: the row shown is the
     * repetition with the median of it, and the spread column gives its lowest and highest.
     */
    java.util.function.ToDoubleFunction<Result> headline() {
        return headline;
    }

    String headlineName() {
        return headlineName;
    }

    /** Added by the shop to every answer. */
    Duration latency() {
        return latency;
    }

    /** The shortest a checkout can take: its sequential waits, with zero cost for everything else. */
    Duration floor() {
        return latency.multipliedBy(SEQUENTIAL_WAITS);
    }

    Plan plan(boolean quickMode) {
        return quickMode ? quick : full;
    }
}
