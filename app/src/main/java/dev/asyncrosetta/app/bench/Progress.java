package dev.asyncrosetta.app.bench;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One bar for the whole bench, in seconds of warm-up and measurement, with what runs now. On a
 * terminal it redraws itself in place; elsewhere (a log, a test) it prints a line only when the
 * phase changes, so that a log shows the phases rather than hundreds of redraws.
 */
final class Progress implements AutoCloseable {
    private static final int WIDTH = 110;

    private final ProgressBar bar;
    private final boolean interactive;
    private final PrintWriter err;
    private volatile String phase = "";
    private String printedPhase = "";
    private long doneMillis;

    Progress(PrintWriter err, Duration total) {
        this.err = err;
        this.interactive = isTerminal();
        this.bar = new ProgressBarBuilder()
                .setTaskName("bench")
                .setInitialMax(Math.max(1, total.toSeconds()))
                .setUnit(" s", 1)
                .setStyle(interactive ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(interactive ? 250 : 1_000)
                .setConsumer(new DelegatingProgressBarConsumer(this::render, WIDTH))
                .build();
    }

    /** A new phase: {@code what} names it (e.g. "W1 futures warm-up"). */
    void phase(String what) {
        phase = what;
        bar.setExtraMessage(what);
    }

    /** A live figure next to the phase, e.g. the checkouts per second so far. */
    void detail(String figure) {
        bar.setExtraMessage(phase + " " + figure);
    }

    /** The current run has been going for this long. */
    void at(Duration intoRun) {
        bar.stepTo((doneMillis + intoRun.toMillis()) / 1_000);
    }

    /** The current run's warm-up and measurement are over. */
    void runDone(Duration runLength) {
        doneMillis += runLength.toMillis();
        bar.stepTo(doneMillis / 1_000);
    }

    /** Something the reader must see whole, on lines of its own, whatever the bar shows. */
    synchronized void report(String text) {
        if (interactive) err.println();
        err.println(text);
        err.flush();
    }

    private synchronized void render(String line) {
        if (interactive) {
            err.print('\r' + line);
            err.flush();
        } else if (!phase.equals(printedPhase)) {
            printedPhase = phase;
            err.println(line.stripTrailing());
            err.flush();
        }
    }

    @Override
    public void close() {
        bar.close();
        if (interactive) {
            err.println();
            err.flush();
        }
    }

    /** JDK 22+ can tell a terminal from a redirection; before that a console means a terminal. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
