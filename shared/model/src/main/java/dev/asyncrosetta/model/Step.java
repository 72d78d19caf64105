package dev.asyncrosetta.model;

/** The four calls of the workflow, in the order they happen. */
public enum Step {
    USER,
    ORDERS,
    DETAILS,
    PAYMENT
}
