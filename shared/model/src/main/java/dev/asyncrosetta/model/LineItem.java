package dev.asyncrosetta.model;

import static java.util.Objects.requireNonNull;

public record LineItem(String sku, int quantity, long unitPriceCents) {
    public LineItem {
        requireNonNull(sku, "sku");
        if (quantity < 1) throw new IllegalArgumentException("quantity must be positive: " + quantity);
        if (unitPriceCents < 0) throw new IllegalArgumentException("unitPriceCents must not be negative");
    }

    public long totalCents() {
        return quantity * unitPriceCents;
    }
}
