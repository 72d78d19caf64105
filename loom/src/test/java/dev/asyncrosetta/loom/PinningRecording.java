package dev.asyncrosetta.loom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of virtual threads pinning their carrier: {@code jdk.VirtualThreadPinned} with no
 * threshold, so even a short pin counts. It also counts the virtual threads started, so that a test
 * can tell "no pinning" from "nothing ran".
 */
final class PinningRecording implements AutoCloseable {
    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final String STARTED = "jdk.VirtualThreadStart";

    private final Recording recording = new Recording();

    /** One pin: the VM's reason and the pinned thread's top frames. */
    record Pin(String thread, Duration duration, String reason, List<String> frames) {

        /**
         * The JVM loading or initializing a class on first use, with a virtual thread waiting for it.
         * JEP 491 (JDK 24) unpinned {@code synchronized}, but these still pin, and no code avoids
         * them: they happen once per class, while the JVM warms up. Parking in a class initializer
         * of one's own, or in a class loader of one's own, is not this.
         */
        boolean whileTheJdkLoadsAClass() {
            return reason.startsWith("Waited for initialization of")
                    || frames.stream().anyMatch(frame -> frame.startsWith("jdk.internal.loader.BuiltinClassLoader.loadClass"));
        }

        @Override
        public String toString() {
            return thread + " pinned for " + duration.toMillis() + " ms: " + reason
                    + frames.stream().map(frame -> "\n    at " + frame).reduce("", String::concat);
        }
    }

    /** What the recording saw. */
    record Seen(List<Pin> pins, long virtualThreadsStarted) {

        List<Pin> beyondClassLoading() {
            return pins.stream().filter(pin -> !pin.whileTheJdkLoadsAClass()).toList();
        }

        List<Pin> whileLoadingClasses() {
            return pins.stream().filter(Pin::whileTheJdkLoadsAClass).toList();
        }
    }

    private PinningRecording() {
        recording.setName("virtual-thread-pinning");
        recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
        recording.enable(STARTED);
    }

    static PinningRecording start() {
        PinningRecording pinning = new PinningRecording();
        pinning.recording.start();
        return pinning;
    }

    /** Stops the recording and reads it back. */
    Seen stop() {
        recording.stop();
        try {
            Path file = Files.createTempFile("pinning-", ".jfr");
            try {
                recording.dump(file);
                List<RecordedEvent> events = RecordingFile.readAllEvents(file);
                return new Seen(
                        events.stream().filter(e -> e.getEventType().getName().equals(PINNED)).map(PinningRecording::pin).toList(),
                        events.stream().filter(e -> e.getEventType().getName().equals(STARTED)).count());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pin pin(RecordedEvent event) {
        return new Pin(
                event.getThread() == null ? "?" : event.getThread().getJavaName(),
                event.getDuration(),
                event.hasField("pinnedReason") && event.getString("pinnedReason") != null ? event.getString("pinnedReason") : "(no reason)",
                event.getStackTrace() == null ? List.of()
                        : event.getStackTrace().getFrames().stream().limit(16).map(PinningRecording::frame).toList());
    }

    private static String frame(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
    }

    @Override
    public void close() {
        recording.close();
    }
}
