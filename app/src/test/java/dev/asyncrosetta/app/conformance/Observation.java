package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one checkout did, reduced to what every style must agree on: the caller's outcome (a Receipt
 * with the per-checkout ids blanked out, or the failure's type, step, kind and attempts), the charges
 * the shop captured, and how many calls each route saw and how each ended. Two styles behave the same
 * on a case exactly when their observations are equal.
 *
 * @param outcome a {@link #normalized} Receipt or a {@link Failure}
 * @param receiptShowsTheCharge false when a Receipt's payment is not the payment the shop captured
 */
record Observation(Object outcome, int charges, Map<Route, Map<Ending, Long>> calls, boolean receiptShowsTheCharge) {

    /** Stands in for the request id and the payment id, which differ from run to run by design. */
    static final String BLANK = "-";

    /** How a checkout failed, as far as the contract says every style must agree. */
    record Failure(String type, Step step, Kind kind, int attempts) {
        static Failure of(Throwable failure) {
            if (failure instanceof DownstreamException downstream) {
                return new Failure("DownstreamException", downstream.step(), downstream.kind(), downstream.attempts());
            }
            if (failure instanceof CheckoutException) {
                return new Failure(failure.getClass().getSimpleName(), null, null, 0);
            }
            // Outside the contract's family: keep the message, it is what someone will need to read.
            return new Failure(failure.getClass().getName() + ": " + failure.getMessage(), null, null, 0);
        }

        static Failure noOutcome(String why) {
            return new Failure(why, null, null, 0);
        }

        @Override
        public String toString() {
            return step == null ? type : type + "(" + step + ", " + kind + ", " + attempts + (attempts == 1 ? " attempt)" : " attempts)");
        }
    }

    static Observation of(Object outcome, List<Call> calls, List<Charge> charges) {
        boolean showsCharge = !(outcome instanceof Receipt receipt) || receipt.payment().isEmpty()
                || (charges.size() == 1 && receipt.payment().get().equals(charges.get(0).payment()));
        Object comparable = outcome instanceof Receipt receipt ? normalized(receipt) : outcome;
        return new Observation(comparable, charges.size(), endings(calls), showsCharge);
    }

    /** The receipt without its request id and payment id, which are different in every run. */
    static Receipt normalized(Receipt receipt) {
        Optional<Payment> payment = receipt.payment().map(p -> new Payment(BLANK, p.userId(), p.amountCents(), p.orderIds(), p.status()));
        return new Receipt(BLANK, receipt.user(), receipt.orders(), receipt.details(), payment, receipt.totalCents());
    }

    static Map<Route, Map<Ending, Long>> endings(List<Call> calls) {
        Map<Route, Map<Ending, Long>> byRoute = new EnumMap<>(Route.class);
        for (Call call : calls) {
            byRoute.computeIfAbsent(call.route(), r -> new EnumMap<>(Ending.class)).merge(call.ending(), 1L, Long::sum);
        }
        return byRoute;
    }

    @Override
    public String toString() {
        List<String> routes = new ArrayList<>();
        calls.forEach((route, endings) -> {
            List<String> counts = new ArrayList<>();
            endings.forEach((ending, count) -> counts.add(count + " " + ending.name().toLowerCase().replace('_', ' ')));
            routes.add(route + " " + String.join(", ", counts));
        });
        return describe(outcome) + " | " + charges + (charges == 1 ? " charge" : " charges")
                + (receiptShowsTheCharge ? "" : " (not the payment on the receipt)")
                + " | calls: " + (routes.isEmpty() ? "none" : String.join("; ", routes));
    }

    private static String describe(Object outcome) {
        if (outcome instanceof Receipt receipt) {
            // The hash tells apart two receipts whose summaries read the same.
            return "Receipt(" + receipt.user().id() + ", " + receipt.orders().size() + " orders, total " + receipt.totalCents()
                    + (receipt.payment().isPresent() ? ", paid" : ", nothing to pay") + ", #" + Integer.toHexString(receipt.hashCode()) + ")";
        }
        return String.valueOf(outcome);
    }
}
