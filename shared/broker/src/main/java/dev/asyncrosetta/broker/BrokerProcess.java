package dev.asyncrosetta.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts {@link BrokerMain} in a child JVM (this JVM's java binary and class path) and stops it again:
 * a broker standing in for a separately run, real cluster. The rosetta command uses it so a Kafka broker
 * is not part of the JVM it measures; tests use it to check code against a broker it cannot reach
 * except over the network.
 *
 * <p>{@link #close()} sends the process SIGTERM (the broker shuts down and deletes its files), waits a
 * grace period and then kills it (and deletes the files itself). A shutdown hook does the same when
 * this JVM exits without closing it, and the child stops by itself if this JVM dies without running
 * hooks, when its standard input closes.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /**
     * The child's JVM: a small heap and the serial collector, since a test broker's working set is tens
     * of MiB and a 2-core machine has no cores to spare for a parallel collector's threads.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx384m", "-XX:+UseSerialGC");
    private static final int REMEMBERED_LINES = 40;

    private final Process process;
    private final Ready ready;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BrokerProcess(Process process, Ready ready, Thread shutdownHook) {
        this.process = process;
        this.ready = ready;
        this.shutdownHook = shutdownHook;
    }

    /** Starts the broker's JVM and waits, up to 90 s, for its ready line. */
    public static BrokerProcess start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    public static BrokerProcess start(Duration timeout) {
        Process process = launch();
        OutputWatcher output = new OutputWatcher(process);
        Thread shutdownHook = new Thread(() -> stop(process, output.directory()), "rosetta-broker-process-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        output.start();
        try {
            return new BrokerProcess(process, output.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS), shutdownHook);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stop(process, output.directory());
            removeHook(shutdownHook);
            String why = e instanceof TimeoutException ? "did not say it was ready within " + timeout : "failed";
            throw new IllegalStateException("the broker process (pid " + process.pid() + ") " + why + "; its last output:\n"
                    + output.lastLines(), e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            stop(process, output.directory());
            removeHook(shutdownHook);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker process was starting", e);
        }
    }

    public String bootstrapServers() {
        return ready.bootstrapServers();
    }

    /** The broker's directory, which is gone once the process is. */
    public Path directory() {
        return ready.directory();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the broker process and waits until it is gone. Closing twice is harmless. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stop(process, ready.directory());
            removeHook(shutdownHook);
        }
    }

    private static Process launch() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        try {
            // stderr joins stdout so one reader sees everything; stdin stays a pipe whose end is the
            // child's signal that this JVM is gone.
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + java, e);
        }
    }

    /**
     * By the process's PID: SIGTERM, a grace period for the broker's orderly shutdown, then SIGKILL,
     * after which the broker could not delete its directory, so this does (when it is known).
     */
    private static void stop(Process process, Path directory) {
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!awaitExit(handle, STOP_GRACE)) {
            handle.destroyForcibly();
            if (awaitExit(handle, STOP_GRACE) && directory != null) {
                Directories.deleteRecursively(directory);
            }
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is already shutting down and running the hook itself
        }
    }

    /** What the ready line says. */
    private record Ready(String bootstrapServers, Path directory) {
        /** Parses what follows {@link BrokerMain#READY_PREFIX}. */
        static Ready parse(String fields) {
            int split = fields.indexOf(BrokerMain.DIRECTORY_FIELD);
            if (split < 0) {
                throw new IllegalStateException("a ready line without " + BrokerMain.DIRECTORY_FIELD.trim() + ": " + fields);
            }
            return new Ready(fields.substring(0, split).trim(), Path.of(fields.substring(split + BrokerMain.DIRECTORY_FIELD.length())));
        }
    }

    /**
     * Reads the child's output to its end: completes {@link #ready} from the ready line, passes every
     * other line on to this JVM's stderr (the broker's warnings and errors, as an embedded broker's
     * would appear) and keeps the last few for an error message. Reading on after the ready line keeps
     * the pipe from filling up and blocking the child.
     */
    private static final class OutputWatcher extends Thread {
        final CompletableFuture<Ready> ready = new CompletableFuture<>();
        private final Process process;
        private final Deque<String> last = new ArrayDeque<>();

        OutputWatcher(Process process) {
            super("rosetta-broker-process-output-" + process.pid());
            this.process = process;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!ready.isDone() && line.startsWith(BrokerMain.READY_PREFIX)) {
                        try {
                            ready.complete(Ready.parse(line.substring(BrokerMain.READY_PREFIX.length())));
                        } catch (RuntimeException e) {
                            ready.completeExceptionally(e);
                        }
                    } else {
                        remember(line);
                        System.err.println(line);
                    }
                }
            } catch (IOException e) {
                // the pipe broke: the process is gone, which the check below reports
            }
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException(
                        "the broker process exited" + exitCode() + " before it was ready"));
            }
        }

        /** The broker's directory once the ready line said it, else null. */
        Path directory() {
            return ready.isDone() && !ready.isCompletedExceptionally() ? ready.join().directory() : null;
        }

        synchronized String lastLines() {
            return String.join("\n", last);
        }

        private synchronized void remember(String line) {
            if (last.size() == REMEMBERED_LINES) {
                last.removeFirst();
            }
            last.addLast(line);
        }

        private String exitCode() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? " with code " + process.exitValue() : "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }
}
