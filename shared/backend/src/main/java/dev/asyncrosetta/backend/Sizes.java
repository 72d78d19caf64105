package dev.asyncrosetta.backend;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes as people type them: {@code 300B}, {@code 16000KiB}, {@code 17MiB} (binary units:
 * 1 KiB = 1024 B, 1 MiB = 1024 KiB).
 */
public final class Sizes {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB)");

    private Sizes() {}

    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 300B, 16000KiB or 17MiB)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "MiB" -> amount * MIB;
            case "KiB" -> amount * KIB;
            default -> amount;
        };
    }

    /** In the largest unit that divides it exactly, so {@code parse(format(n)) == n}. */
    public static String format(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("a size is not negative: " + bytes);
        if (bytes > 0 && bytes % MIB == 0) return bytes / MIB + "MiB";
        if (bytes > 0 && bytes % KIB == 0) return bytes / KIB + "KiB";
        return bytes + "B";
    }
}
