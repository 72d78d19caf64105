package dev.asyncrosetta.app.outage;

/**
 * One second of a run: what began and ended in it, and what was left waiting at its end.
 *
 * @param second          seconds since the first checkout started (this row covers [second, second + 1))
 * @param started         checkouts whose caller asked in this second
 * @param completed       checkouts whose caller got a receipt in this second (paid, or payment pending)
 * @param failed          checkouts whose caller got a failure in this second
 * @param inFlight        at the second's end: checkouts whose caller is still waiting for an answer
 * @param paymentsPending at the second's end: checkouts completed with a pending payment not charged yet
 * @param charged         payments of this run the shop captured in this second
 * @param outage          whether the payment service was stopped during any of this second
 */
record OutageSecond(int second, int started, int completed, int failed, int inFlight, int paymentsPending, int charged,
        boolean outage) {}
