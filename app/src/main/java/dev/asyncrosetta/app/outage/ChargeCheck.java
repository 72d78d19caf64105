package dev.asyncrosetta.app.outage;

/**
 * What the shop's ledger says was charged for a run's checkouts, once everything pending was given
 * time to be charged. A run is right when every completed checkout with something to pay was charged
 * exactly once, and no failed one, nor one with nothing to pay, was charged at all.
 *
 * @param completed        checkouts with something to pay that ended with a receipt
 * @param chargedOnce      of those, the ones the shop charged exactly once
 * @param notCharged       of those, the ones it never charged
 * @param chargedMore      of those, the ones it charged more than once
 * @param failedButCharged checkouts that failed though the shop charged them
 * @param chargedForNothing checkouts of users with nothing to pay that the shop charged all the same
 */
record ChargeCheck(int completed, int chargedOnce, int notCharged, int chargedMore, int failedButCharged, int chargedForNothing) {

    boolean right() {
        return chargedOnce == completed && failedButCharged == 0 && chargedForNothing == 0;
    }

    @Override
    public String toString() {
        String line = chargedOnce + " of " + completed + " completed checkouts charged exactly once";
        if (notCharged > 0) line += ", " + notCharged + " never charged";
        if (chargedMore > 0) line += ", " + chargedMore + " charged more than once";
        if (failedButCharged > 0) line += ", " + failedButCharged + " failed checkouts charged nonetheless";
        if (chargedForNothing > 0) line += ", " + chargedForNothing + " checkouts with nothing to pay charged";
        return line;
    }
}
