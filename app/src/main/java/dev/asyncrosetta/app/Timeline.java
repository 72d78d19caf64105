package dev.asyncrosetta.app;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One checkout in one style, as drawn: every call it made on a clock that starts when the checkout
 * was called. Times are {@link System#nanoTime()} readings, like the client's and the shop's.
 */
record Timeline(String style, String summary, String requestId, long startNanos, long endNanos,
        List<TracedCall> calls, Outcome outcome) {

    Timeline {
        calls = List.copyOf(calls);
    }

    /** Milliseconds from the checkout's start. */
    double offsetMillis(long nanos) {
        return (nanos - startNanos) / 1e6;
    }

    double durationMillis() {
        return offsetMillis(endNanos);
    }

    /** The end of the last thing to draw: the outcome, or a call that ended after it (an aborted sibling). */
    long lastNanos() {
        return calls.stream().mapToLong(call -> call.endNanos(endNanos)).reduce(endNanos, Math::max);
    }

    /** The threads that started calls or handled their answers, in the order they first appear. */
    List<String> threads() {
        Set<String> threads = new LinkedHashSet<>();
        for (TracedCall call : calls) {
            if (call.client().isPresent()) {
                threads.add(call.startThread());
                threads.add(call.answerThread());
            }
        }
        return List.copyOf(threads);
    }

    /** Whether the shop's side of the calls is known (the embedded shop's ledger). */
    boolean hasShopView() {
        return calls.stream().anyMatch(call -> call.shop().isPresent());
    }
}
