package dev.asyncrosetta.backend;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short durations as people type them: {@code 250ms}, {@code 2s}, {@code 0}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s)");

    private Durations() {}

    public static Duration parse(String text) {
        if ("0".equals(text)) return Duration.ZERO;
        Matcher m = text == null ? null : SHORT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 250ms or 2s)");
        }
        long amount = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    public static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
