package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One style under one workload, on its own: the style is opened for the run and closed after it,
 * so no other style's threads, pools or connections are alive while it is measured.
 *
 * <pre>
 * full GC, live heap and threads   the baseline
 * open the style
 * warm-up                          checkouts run, nothing is recorded
 * measured window                  latencies, failures, CPU, allocations, peak threads, GCs
 * full GC, live heap               what the style holds with its checkouts in flight
 * stop starting checkouts, let those in flight end (bounded), close the style
 * </pre>
 */
final class StyleRun {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(200);

    private final ShopProcess shop;
    private final ClientMeter meter;
    private final Progress progress;
    private final List<String> userIds;

    StyleRun(ShopProcess shop, ClientMeter meter, Progress progress, List<String> userIds) {
        this.shop = shop;
        this.meter = meter;
        this.progress = progress;
        this.userIds = List.copyOf(userIds);
    }

    /**
     * Time enough that queueing is never a failure, even for a style whose checkouts wait for a
     * thread for tens of seconds (the blocking baseline in W3): failures then mean a style broke
     * under load, not that it was slow, and slowness shows in the latencies. The rest is the
     * workload's: {@value Workload#DETAILS_CONCURRENCY} detail calls at a time, the default retries.
     */
    static CheckoutPolicy policy() {
        return CheckoutPolicy.defaults()
                .withCallTimeout(Duration.ofSeconds(60))
                .withDeadline(Duration.ofMinutes(5))
                .withDetailsConcurrency(Workload.DETAILS_CONCURRENCY);
    }

    /** @param order the run's position in the bench, from 1; 0 for a run that only warms the JVM up */
    Result run(CheckoutStyle style, Workload workload, Workload.Plan plan, LoadMode mode, int order, Duration drainAtMost) {
        String at = mode instanceof LoadMode.OpenLoop open ? String.format(Locale.ROOT, " at %.0f/s", open.perSecond()) : "";
        String name = (order == 0 ? "JVM warm-up, " : workload.name() + at + " ") + style.name();
        shop.latency(workload.latency());
        shop.reset();
        int threadsBefore = meter.settledThreads();
        long heapBefore = meter.liveHeapBytes();
        CheckoutService service;
        try {
            service = style.open(shop.baseUri(), policy());
        } catch (RuntimeException e) {
            progress.runDone(plan.warmup().plus(plan.measure()));
            return Result.failed(workload.name(), style.name(), mode.describe(), order, workload.latency().toMillis(),
                    workload.floor().toMillis(), "open failed: " + LoadGenerator.explain(e));
        }
        boolean closed = false;
        // Ramped up over the whole warm-up: see LoadGenerator.
        LoadGenerator load = new LoadGenerator(service, userIds, requestIdPrefix(workload, style, order), mode, plan.warmup());
        try {
            load.start();
            progress.phase(name + " warm-up");
            pass(plan.warmup(), Duration.ZERO, load);
            if (plan.stretch()) awaitCompleted(load, plan.inFlight());

            progress.phase(name + " measuring");
            meter.resetPeakThreads();
            meter.machineCpuLoad(); // starts the machine's average from here
            shop.reset(); // the shop's count of calls starts with the window
            long shopCpuBefore = shop.cpuNanos();
            Map<String, Long> threadCpuBefore = meter.cpuByThreadGroup();
            long compilationBefore = meter.compilationMillis();
            ClientMeter.Reading before = meter.read();
            load.beginWindow();
            long completedBefore = load.completed();
            long windowStart = System.nanoTime();
            pass(plan.measure(), plan.warmup(), load);
            if (plan.stretch()) awaitCompleted(load, completedBefore + Workload.STRETCH_MIN_CHECKOUTS);
            LoadGenerator.Window window = load.endWindow();
            Duration windowLength = Duration.ofNanos(System.nanoTime() - windowStart);
            ClientMeter.Reading spent = meter.read().minus(before);
            Map<String, Double> cpuShares = cpuShares(threadCpuBefore, meter.cpuByThreadGroup(), spent.cpuNanos());
            long compilationMillis = meter.compilationMillis() - compilationBefore;
            long shopCpu = shop.cpuNanos() - shopCpuBefore;
            ShopProcess.Calls calls = shop.calls();
            double machineBusy = meter.machineCpuLoad();
            int peakThreads = meter.peakThreads();
            String stalled = window.succeeded() + window.failed() == 0 ? Stall.summary(windowLength, load.inFlight(), calls, shop.lastLines()) : null;
            if (stalled != null) progress.report(name + ": " + stalled + ", every thread then:" + System.lineSeparator() + Stall.threads());
            progress.runDone(plan.warmup().plus(plan.measure()));

            progress.phase(name + " heap");
            long heapLoaded = meter.liveHeapBytes();
            progress.phase(name + " draining");
            load.stopStarting();
            boolean drained = load.awaitDrained(drainAtMost);
            String problem = java.util.stream.Stream.of(stalled, close(service)).filter(java.util.Objects::nonNull)
                    .reduce((first, second) -> first + "; " + second).orElse(null);
            closed = true;
            // The lower of the heaps before and after the style: the higher one may hold what the
            // style run before left to be collected, or what this one failed to release.
            long heapIdle = Math.min(heapBefore, meter.liveHeapBytes());
            return result(workload, style, mode, order, window, spent, shopCpu, threadsBefore, peakThreads,
                    (heapLoaded - heapIdle) / 1e6, machineBusy, drained, problem, cpuShares, compilationMillis, calls);
        } finally {
            load.close();
            if (!closed) close(service);
        }
    }

    /** See {@link Workload.Plan#stretch()}. */
    private static void awaitCompleted(LoadGenerator load, long checkouts) {
        long until = System.nanoTime() + Workload.STRETCH_AT_MOST.toNanos();
        while (load.completed() < checkouts && System.nanoTime() < until) sleep(TICK.toNanos() / 4);
    }

    /** Lets the load run for this long, moving the bar and showing the current rate. */
    private void pass(Duration length, Duration runOffset, LoadGenerator load) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long lastCompleted = load.completed();
        long lastAt = start;
        for (long now = start; now < end; now = System.nanoTime()) {
            sleep(Math.min(TICK.toNanos(), end - now));
            long at = System.nanoTime();
            long completed = load.completed();
            progress.at(runOffset.plusNanos(Math.min(at, end) - start));
            progress.detail(String.format(Locale.ROOT, "%,.0f/s, %,d in flight",
                    (completed - lastCompleted) * 1e9 / Math.max(1, at - lastAt), load.inFlight()));
            lastCompleted = completed;
            lastAt = at;
        }
    }

    private static Result result(Workload workload, CheckoutStyle style, LoadMode mode, int order,
            LoadGenerator.Window window, ClientMeter.Reading spent, long shopCpuNanos, int threadsBefore, int peakThreads,
            double heapMegabytes, double machineBusy, boolean drained, String problem, Map<String, Double> cpuShares,
            long compilationMillis, ShopProcess.Calls calls) {
        Histogram latencies = window.latenciesMicros();
        long ok = window.succeeded();
        double seconds = spent.nanos() / 1e9;
        double perCheckout = ok == 0 ? Double.NaN : 1.0 / ok;
        long ended = ok + window.failed();
        double little = mode instanceof LoadMode.ClosedLoop closed && ended > 0
                ? closed.inFlight() / (ended / seconds) * 1e3
                : Double.NaN;
        return new Result(workload.name(), style.name(), mode.describe(), order, workload.latency().toMillis(),
                workload.floor().toMillis(), seconds, ok, window.failed(), window.failures(), window.failureExamples(),
                ok / seconds, millis(latencies, 50), millis(latencies, 90), millis(latencies, 99),
                ok == 0 ? Double.NaN : latencies.getMaxValue() / 1e3, ok == 0 ? Double.NaN : latencies.getMean() / 1e3, little,
                ended == 0 ? Double.NaN : calls.total() / (double) ended, calls.retries(), calls.aborted(),
                spent.cpuNanos() / 1e3 * perCheckout, shopCpuNanos / 1e3 * perCheckout, spent.allocatedBytes() * perCheckout,
                threadsBefore, peakThreads, heapMegabytes, spent.gcPauses(), spent.gcPauseMillis(), compilationMillis, cpuShares,
                machineBusy, drained, problem);
    }

    /**
     * The share of the window's process CPU time each group of threads took, largest first, in
     * percent; the rest of the process time is the JVM's own (see {@link ClientMeter#cpuByThreadGroup()}).
     */
    static Map<String, Double> cpuShares(Map<String, Long> before, Map<String, Long> after, long processNanos) {
        Map<String, Double> shares = new LinkedHashMap<>();
        if (processNanos <= 0) return shares;
        long counted = 0;
        List<Map.Entry<String, Long>> spent = new ArrayList<>();
        for (Map.Entry<String, Long> group : after.entrySet()) {
            long nanos = group.getValue() - before.getOrDefault(group.getKey(), 0L);
            if (nanos <= 0) continue;
            spent.add(Map.entry(group.getKey(), nanos));
            counted += nanos;
        }
        spent.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> group : spent) shares.put(group.getKey(), 100.0 * group.getValue() / processNanos);
        shares.put(JVM_OWN, 100.0 * Math.max(0, processNanos - counted) / processNanos);
        return shares;
    }

    static final String JVM_OWN = "(JVM: GC, JIT, ended threads)";

    private static double millis(Histogram latencies, double percentile) {
        return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1e3;
    }

    /** Unique across the bench, and a valid request id: letters, digits and dashes. */
    private static String requestIdPrefix(Workload workload, CheckoutStyle style, int order) {
        String name = style.name().replaceAll("[^A-Za-z0-9-]", "-");
        return "bench-" + order + "-" + workload.name() + "-" + name.substring(0, Math.min(name.length(), 24)) + "-";
    }

    /** Closes the service, waiting at most {@link #CLOSE_TIMEOUT}: a close that hangs is reported, not waited for. */
    private static String close(CheckoutService service) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread closing = new Thread(() -> {
            try {
                service.close();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "bench-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) return "close did not finish within " + CLOSE_TIMEOUT.toSeconds() + " s";
        Throwable e = failure.get();
        return e == null ? null : "close failed: " + LoadGenerator.explain(e);
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
