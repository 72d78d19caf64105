package dev.asyncrosetta.app.outage;

/**
 * One second of a run: what began and ended in it, what was left waiting at its end, and what the
 * JVM held during it.
 *
 * @param second              seconds since the first checkout started (this row covers [second, second + 1))
 * @param started             checkouts whose caller asked in this second
 * @param completed           checkouts whose caller got a receipt in this second (paid, or payment pending)
 * @param failed              checkouts whose caller got a failure in this second, for whatever reason
 * @param failedFast          of those, the ones a protection refused: circuit open, bulkhead full, overloaded
 * @param timedOut            of those, the ones that failed at their deadline
 * @param inFlight            at the second's end: checkouts whose caller is still waiting for an answer
 * @param paymentsPending     at the second's end: checkouts completed with a pending payment not charged yet
 * @param charged             payments of this run the shop captured in this second
 * @param nothingToPayMillis  the slowest answer to a checkout with nothing to pay started in this second; -1 if none started
 * @param threads             the most live threads the JVM had in this second; 0 if it was not sampled
 * @param heapBytes           the most heap in use in this second; 0 if it was not sampled
 * @param outage              whether the payment service was stopped during any of this second
 */
record OutageSecond(int second, int started, int completed, int failed, int failedFast, int timedOut, int inFlight,
        int paymentsPending, int charged, long nothingToPayMillis, int threads, long heapBytes, boolean outage) {}
