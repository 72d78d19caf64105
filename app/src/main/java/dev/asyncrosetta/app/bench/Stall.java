package dev.asyncrosetta.app.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run reports when no checkout at all ended in its window, stretched as it may be: not a slow
 * style (that shows in the latencies) but one whose checkouts stopped moving. Whether the shop saw
 * the calls tells the client's side from the shop's, and where every thread stood is visible only
 * at that moment.
 */
final class Stall {
    private static final int FRAMES_PER_THREAD = 6;

    private Stall() {}

    /**
     * The shop's last lines tell a shop that stopped answering (its own blocked-thread warnings, say)
     * from calls the client never sent or never read.
     */
    static String summary(Duration window, int inFlight, ShopProcess.Calls calls, List<String> shopLines) {
        return String.format(Locale.ROOT, "no checkout ended in the %.1f s window with %d in flight (the shop received %d calls in it; %s)",
                window.toNanos() / 1e9, inFlight, calls.total(),
                shopLines.isEmpty() ? "it printed nothing besides its answers" : "its last lines: " + String.join(" | ", shopLines));
    }

    /** Every live thread of this JVM, a line each: name, state and its top frames. */
    static String threads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .sorted(Comparator.comparing(entry -> entry.getKey().getName()))
                .map(Stall::thread)
                .collect(Collectors.joining(System.lineSeparator()));
    }

    private static String thread(Map.Entry<Thread, StackTraceElement[]> entry) {
        String frames = Arrays.stream(entry.getValue()).limit(FRAMES_PER_THREAD).map(StackTraceElement::toString)
                .collect(Collectors.joining(" < "));
        return "  " + entry.getKey().getName() + " " + entry.getKey().getState() + ": " + frames;
    }
}
