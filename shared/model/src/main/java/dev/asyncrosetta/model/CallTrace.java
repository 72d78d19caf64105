package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where and when each HTTP call of a checkout ran, as the style's client saw it: the thread that
 * started the call and the thread that handled its answer. Every style's client reports here; by
 * default nobody listens and reporting costs next to nothing. Tools that draw timelines (the
 * {@code rosetta} command) install a {@link Listener}.
 */
public final class CallTrace {

    /** One finished call. Times are {@link System#nanoTime()} readings. */
    public record Call(
            String requestId, Step step, String target, String startThread, String answerThread,
            long startNanos, long endNanos, String outcome) {}

    /** Receives every finished call, on the thread that handled its answer; must not block. */
    @FunctionalInterface
    public interface Listener {
        void finished(Call call);
    }

    /** A call in flight; {@link #end} it where its answer (or failure) is handled. The first end counts. */
    public interface Span {
        void end(String outcome);
    }

    private static final Span IGNORED = outcome -> {};
    private static volatile Listener listener;

    private CallTrace() {}

    /** Starts recording a call on the current thread; {@code target} names it, e.g. a path. */
    public static Span start(String requestId, Step step, String target) {
        Listener current = listener;
        if (current == null) return IGNORED;
        String startThread = Thread.currentThread().getName();
        long startNanos = System.nanoTime();
        AtomicBoolean ended = new AtomicBoolean();
        return outcome -> {
            if (ended.compareAndSet(false, true)) {
                current.finished(new Call(requestId, step, target, startThread,
                        Thread.currentThread().getName(), startNanos, System.nanoTime(), outcome));
            }
        };
    }

    /** Installs the listener (null removes it). One at a time: this is a tool's hook, not a bus. */
    public static void listen(Listener newListener) {
        listener = newListener;
    }

    /** The outcome of a call its own checkout aborted (cancelled, disposed, interrupted), in every style. */
    public static final String ABORTED = "aborted";

    /** What a failed call's outcome is called in a trace: the failure's kind, {@link #ABORTED}, or its type. */
    public static String outcomeOf(Throwable failure) {
        requireNonNull(failure, "failure");
        if (failure instanceof CallFailure callFailure) return callFailure.kind().name();
        if (failure instanceof java.util.concurrent.CancellationException || failure instanceof InterruptedException) return ABORTED;
        return failure.getClass().getSimpleName();
    }
}
