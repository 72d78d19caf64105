package dev.asyncrosetta.backend;

import java.time.Duration;

/**
 * One HTTP call as the shop saw it. Times are {@link System#nanoTime()} readings of this JVM, so
 * they compare with each other and with the test's own clock.
 *
 * @param attempt how many calls with this request id, method and path the shop had seen, this one included
 * @param status the status answered, or 0 when there was no answer
 * @param traceparent the W3C {@code traceparent} header the call came with, as sent, or null
 * @param tracestate the W3C {@code tracestate} header the call came with, as sent, or null
 */
public record Call(
        long seq,
        String requestId,
        Route route,
        String resourceId,
        int attempt,
        String idempotencyKey,
        long startNanos,
        long endNanos,
        Ending ending,
        int status,
        String traceparent,
        String tracestate) {

    /** How a call ended, if it has. */
    public enum Ending {
        IN_FLIGHT,
        /** The shop wrote its answer. */
        ANSWERED,
        /** The client closed the connection before the answer: the request was really aborted. */
        ABORTED_BY_CLIENT,
        /** The shop closed the connection instead of answering (an injected reset or drop). */
        RESET_BY_SERVER,
        /** The shop answered bytes that are not HTTP: an injected protocol fault. */
        GARBLED_BY_SERVER
    }

    public boolean ended() {
        return ending != Ending.IN_FLIGHT;
    }

    /** Start to end, or to now while in flight. */
    public Duration duration() {
        return Duration.ofNanos((ended() ? endNanos : System.nanoTime()) - startNanos);
    }
}
