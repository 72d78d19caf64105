package dev.asyncrosetta.contract;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.asyncrosetta.model.CheckoutTracing;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines every style writes about its checkouts (under {@link CheckoutTracing#LOGGER_PREFIX}), kept
 * in memory from {@link #capture()} until {@link #close()}: turned on at INFO for that time, and kept
 * off the console.
 */
final class CheckoutLogs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger(CheckoutTracing.LOGGER_PREFIX.substring(0,
            CheckoutTracing.LOGGER_PREFIX.length() - 1));
    /** Each line with its MDC taken as it was written: read later, an event would take the reading thread's. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent line) {
            line.prepareForDeferredProcessing();
            super.append(line);
        }
    };
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();

    private CheckoutLogs() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    static CheckoutLogs capture() {
        return new CheckoutLogs();
    }

    /** Every line so far, in the order they were written. */
    List<ILoggingEvent> lines() {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        lines.stop();
    }
}
