package dev.asyncrosetta.model;

/**
 * The service already ran as many checkouts as its admission control allows: this one was refused
 * when it was asked for, before any call, and can be asked again later.
 */
public final class OverloadedException extends CheckoutException {
    public OverloadedException(AdmissionPolicy admission) {
        super("checkout refused: the service is overloaded (" + admission.maxCheckoutsInFlight() + " checkouts already in flight)");
    }
}
