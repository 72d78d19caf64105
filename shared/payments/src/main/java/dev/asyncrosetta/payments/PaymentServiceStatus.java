package dev.asyncrosetta.payments;

/**
 * A snapshot of what a {@link PaymentService} is doing and has done since it started, for tests and
 * demos. Every count is of deliveries, not of requests: a request delivered twice (a duplicate, or a
 * redelivery after a crash) is consumed twice and paid twice, once as a charge and once as a replay.
 *
 * @param requestsConsumed   request records taken from the topic and handled (declined, failed and
 *                           redelivered ones included)
 * @param paymentCalls       {@code POST /payments} calls sent, retries included
 * @param charged            calls the shop answered 201: it captured a payment there and then
 * @param replayed           calls the shop answered 200: the payment it had captured for that key before
 * @param declined           DECLINED outcomes decided (402)
 * @param failed             FAILED outcomes decided (refused, unreadable)
 * @param outcomesPublished  outcomes the broker acknowledged; each one's request was committed after it
 * @param crashes            times the service crashed (asked to, or on an unexpected error) and restarted
 * @param partitionsRevoked  times the group took partitions away from the service: at a crash or stop,
 *                           and if it stopped polling for longer than max.poll.interval.ms
 */
public record PaymentServiceStatus(
        State state,
        long requestsConsumed,
        long paymentCalls,
        long charged,
        long replayed,
        long declined,
        long failed,
        long outcomesPublished,
        long crashes,
        long partitionsRevoked) {

    public enum State {
        /** Taking requests from the topic. */
        RUNNING,
        /** Polling (so it stays in the group) but taking no request: they wait in the topic. */
        PAUSED,
        /** Crashed; a fresh consumer joins the group after the restart delay. */
        RESTARTING,
        /** Stopped for good: consumer, producer and threads closed. */
        STOPPED
    }

    @Override
    public String toString() {
        return state + ": consumed " + requestsConsumed + ", payment calls " + paymentCalls
                + " (charged " + charged + ", replayed " + replayed + "), declined " + declined + ", failed " + failed
                + ", outcomes published " + outcomesPublished + ", crashes " + crashes
                + ", partitions revoked " + partitionsRevoked;
    }
}
