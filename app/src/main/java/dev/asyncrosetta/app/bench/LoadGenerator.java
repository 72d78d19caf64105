package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Starts checkouts against one service from one thread of its own, as {@link LoadMode} says, and
 * records how long each took. The completions are recorded on whatever thread completes the
 * checkout (HdrHistogram's Recorder is wait-free for that); nothing else of the style's runs here.
 */
final class LoadGenerator implements AutoCloseable {
    private final CheckoutService service;
    private final List<String> userIds;
    private final String requestIdPrefix;
    private final LoadMode mode;
    private final Duration rampUp;
    private final Thread issuer;

    /** Microseconds, 3 significant digits, growing as needed. */
    private final Recorder latencies = new Recorder(3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** The first failure of each kind, explained: what the counts alone cannot say. */
    private final Map<String, String> failureExamples = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong started = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private volatile boolean running = true;
    private volatile boolean measuring;

    /**
     * @param rampUp closed loop: the time over which the checkouts in flight grow from none to the
     *     number asked for. All at once, they would all take the same steps at the same moments, and
     *     end in waves a whole checkout apart, which a window can fall between; spread over longer
     *     than a checkout takes, they end at an even pace.
     */
    LoadGenerator(CheckoutService service, List<String> userIds, String requestIdPrefix, LoadMode mode, Duration rampUp) {
        this.service = service;
        this.userIds = List.copyOf(userIds);
        this.requestIdPrefix = requestIdPrefix;
        this.mode = mode;
        this.rampUp = rampUp;
        this.slots = new Semaphore(0);
        this.issuer = new Thread(mode instanceof LoadMode.ClosedLoop ? this::closedLoop : this::openLoop, "bench-load");
        issuer.setDaemon(true);
    }

    void start() {
        issuer.start();
    }

    /**
     * What the window recorded: latencies of the checkouts that succeeded in it, the failures by kind,
     * and an example of each kind.
     */
    record Window(Histogram latenciesMicros, Map<String, Long> failures, Map<String, String> failureExamples) {
        long succeeded() {
            return latenciesMicros.getTotalCount();
        }

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Everything recorded so far was warm-up: from now on it counts. */
    void beginWindow() {
        latencies.reset();
        failures.clear();
        failureExamples.clear();
        measuring = true;
    }

    Window endWindow() {
        Histogram window = latencies.getIntervalHistogram();
        measuring = false;
        Map<String, Long> failed = new TreeMap<>();
        failures.forEach((kind, count) -> failed.put(kind, count.sum()));
        return new Window(window, failed, new TreeMap<>(failureExamples));
    }

    long completed() {
        return completed.sum();
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Starts no more checkouts; those in flight go on. */
    void stopStarting() {
        running = false;
        issuer.interrupt();
        try {
            issuer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every checkout started has ended, or the time is up; true if they all ended. */
    boolean awaitDrained(Duration atMost) {
        long until = System.nanoTime() + atMost.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            LockSupport.parkNanos(5_000_000);
        }
        return inFlight.get() == 0;
    }

    @Override
    public void close() {
        stopStarting();
    }

    private void closedLoop() {
        int inFlight = ((LoadMode.ClosedLoop) mode).inFlight();
        long rampStart = System.nanoTime();
        int granted = 0;
        while (running) {
            try {
                if (granted < inFlight) {
                    double ramped = rampUp.isZero() ? 1 : (System.nanoTime() - rampStart) / (double) rampUp.toNanos();
                    int due = (int) Math.min(inFlight, Math.ceil(inFlight * ramped));
                    slots.release(due - granted);
                    granted = due;
                    if (!slots.tryAcquire(1, TimeUnit.MILLISECONDS)) continue;
                } else {
                    slots.acquire();
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!running) return;
            startOne(System.nanoTime());
        }
    }

    private void openLoop() {
        LoadMode.OpenLoop open = (LoadMode.OpenLoop) mode;
        double periodNanos = 1e9 / open.perSecond();
        long first = System.nanoTime();
        for (long n = 0; running; ) {
            long due = first + (long) (n * periodNanos);
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
            } else if (inFlight.get() >= open.maxInFlight()) {
                LockSupport.parkNanos(100_000); // the latency of the waiting checkout keeps counting from due
            } else {
                startOne(due);
                n++;
            }
        }
    }

    /** @param from when this checkout's latency counts from: now (closed loop) or when it was due (open loop) */
    private void startOne(long from) {
        long n = started.incrementAndGet();
        CheckoutRequest request = new CheckoutRequest(userIds.get((int) (n % userIds.size())), requestIdPrefix + n);
        inFlight.incrementAndGet();
        CompletableFuture<Receipt> checkout;
        try {
            checkout = service.checkout(request);
        } catch (RuntimeException e) { // the interface says it never throws; count it, do not stop
            checkout = CompletableFuture.failedFuture(e);
        }
        checkout.whenComplete((receipt, failure) -> ended(from, failure));
    }

    private void ended(long from, Throwable failure) {
        long micros = (System.nanoTime() - from) / 1_000;
        if (failure == null) {
            latencies.recordValue(Math.max(0, micros));
        } else if (measuring) {
            String kind = describe(failure);
            failures.computeIfAbsent(kind, k -> new LongAdder()).increment();
            failureExamples.computeIfAbsent(kind, k -> explain(failure));
        }
        completed.increment();
        inFlight.decrementAndGet();
        if (mode instanceof LoadMode.ClosedLoop) slots.release();
    }

    /** The kind of failure, to count by: the exception's class, and for a DownstreamException its step and kind. */
    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DownstreamException downstream) {
            return "DownstreamException(" + downstream.step() + " " + downstream.kind() + ")";
        }
        return cause.getClass().getSimpleName();
    }

    /** The failure and its causes, one line: "X: message <- Y: message". */
    static String explain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable cause = unwrap(failure); cause != null && depth < 5; cause = cause.getCause(), depth++) {
            if (depth > 0) text.append(" <- ");
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) text.append(": ").append(cause.getMessage().replaceAll("\\s+", " "));
        }
        return text.toString();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
