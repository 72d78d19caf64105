package dev.asyncrosetta.backend;

import dev.asyncrosetta.model.Payment;

/** A payment the shop actually captured: one per Idempotency-Key, whatever the retries. */
public record Charge(String idempotencyKey, String requestId, Payment payment, long atNanos) {}
