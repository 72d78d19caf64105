package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.model.Receipt;
import java.util.Map;
import java.util.TreeMap;

/** What kinds of cases a run of the property tried, so a reader can see it is not all happy paths. */
final class CaseTally {
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private int cases;
    private int withFaults;
    private int deadlines;
    private long nominalMillis;

    synchronized void count(Case aCase, NominalRun.Prediction prediction) {
        cases++;
        if (!aCase.faults().isEmpty()) withFaults++;
        if (aCase.policy().deadline().compareTo(CaseGenerator.OUT_OF_REACH) < 0) deadlines++;
        nominalMillis += prediction.millis();
        Object outcome = prediction.observation().outcome();
        String kind = outcome instanceof Receipt receipt
                ? (receipt.payment().isPresent() ? "Receipt (paid)" : "Receipt (nothing to pay)")
                : outcome instanceof Observation.Failure failure && failure.step() != null
                        ? failure.type() + "(" + failure.step() + ", " + failure.kind() + ")"
                        : String.valueOf(outcome);
        outcomes.merge(kind, 1, Integer::sum);
    }

    synchronized boolean isEmpty() {
        return cases == 0;
    }

    synchronized void clear() {
        outcomes.clear();
        cases = 0;
        withFaults = 0;
        deadlines = 0;
        nominalMillis = 0;
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder("differential: " + cases + " cases, " + withFaults + " with faults, "
                + deadlines + " with a deadline inside the checkout, " + (cases == 0 ? 0 : nominalMillis / cases)
                + " ms per case on the nominal clock; predicted outcomes:");
        outcomes.forEach((kind, count) -> text.append("\n  ").append(count).append(" ").append(kind));
        return text.toString();
    }
}
