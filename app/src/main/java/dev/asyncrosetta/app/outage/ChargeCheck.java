package dev.asyncrosetta.app.outage;

/**
 * What the shop's ledger says was charged for a run's checkouts, once everything pending was given
 * time to be charged. A run is right when every completed checkout with something to pay was charged
 * exactly once, no checkout at all was charged twice, and none with nothing to pay was charged.
 *
 * <p>A failed checkout charged once is not wrong: when a checkout fails while its payment is in flight
 * (its deadline, or a retry the open circuit refused after an attempt that timed out), the shop may
 * have charged it, and its caller finds that payment by asking again with the same request id
 * (docs/CONTRACT.md). It is counted and shown, never hidden.
 *
 * @param completed        checkouts with something to pay that ended with a receipt
 * @param chargedOnce      of those, the ones the shop charged exactly once
 * @param notCharged       of those, the ones it never charged
 * @param chargedMore      checkouts, completed or failed, that the shop charged more than once
 * @param failedButCharged failed checkouts the shop charged once all the same
 * @param chargedForNothing checkouts of users with nothing to pay that the shop charged all the same
 */
record ChargeCheck(int completed, int chargedOnce, int notCharged, int chargedMore, int failedButCharged, int chargedForNothing) {

    boolean right() {
        return chargedOnce == completed && chargedMore == 0 && chargedForNothing == 0;
    }

    @Override
    public String toString() {
        String line = chargedOnce + " of " + completed + " completed checkouts charged exactly once";
        if (notCharged > 0) line += ", " + notCharged + " never charged";
        if (chargedMore > 0) line += ", " + chargedMore + " charged more than once";
        if (failedButCharged > 0) line += ", " + failedButCharged + " failed checkouts charged once (their payment was in flight when they failed)";
        if (chargedForNothing > 0) line += ", " + chargedForNothing + " checkouts with nothing to pay charged";
        return line;
    }
}
