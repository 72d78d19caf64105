package dev.asyncrosetta.app;

/** Amounts are cents in the shop; people read them with two decimals. */
final class Money {
    private Money() {}

    static String format(long cents) {
        return (cents < 0 ? "-" : "") + Math.abs(cents) / 100 + "." + String.format("%02d", Math.abs(cents) % 100);
    }
}
