package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import org.junit.jupiter.api.Test;

class LedgerPeaksTest {
    private static final Ledger.TraceHeaders NO_TRACE = new Ledger.TraceHeaders(null, null);

    @Test
    void thePeakPerRouteCountsCallsOfEveryRequestId() {
        Ledger ledger = new Ledger();
        Ledger.Entry first = ledger.begin("r-1", Route.PAYMENT, null, "/payments", "r-1", NO_TRACE);
        Ledger.Entry second = ledger.begin("r-2", Route.PAYMENT, null, "/payments", "r-2", NO_TRACE);
        ledger.begin("r-3", Route.USER, "u-1", "/users/u-1", null, NO_TRACE);
        first.end(Ending.ANSWERED, 201);
        ledger.begin("r-4", Route.PAYMENT, null, "/payments", "r-4", NO_TRACE);
        second.end(Ending.ABORTED_BY_CLIENT, 0);

        assertThat(ledger.peakInFlight(Route.PAYMENT)).isEqualTo(2);
        assertThat(ledger.peakInFlight(Route.USER)).isEqualTo(1);
        assertThat(ledger.peakInFlight("r-1", Route.PAYMENT)).isEqualTo(1);
        ledger.clear();
        assertThat(ledger.peakInFlight(Route.PAYMENT)).isZero();
    }
}
