package dev.asyncrosetta.model;

/**
 * At most {@code maxCheckoutsInFlight} checkouts running at once in one service. A checkout asked for
 * beyond that fails at once with {@link OverloadedException}: no call, no thread, no timer, nothing
 * queued (load shedding, as a server answers 503 rather than queueing past its capacity).
 */
public record AdmissionPolicy(int maxCheckoutsInFlight) {

    public AdmissionPolicy {
        PolicyChecks.within("maxCheckoutsInFlight", maxCheckoutsInFlight, 1, 1_000_000);
    }
}
