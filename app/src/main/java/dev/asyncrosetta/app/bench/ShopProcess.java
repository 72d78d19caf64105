package dev.asyncrosetta.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The shop in a JVM of its own ({@link BenchShop}), started with this JVM's java binary and class
 * path, so it works the same from the jar and from the tests. Talks to it over its stdin and stdout.
 */
final class ShopProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_LINES = 20;

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    /** What the shop printed besides its replies (warnings, a stack trace), for the error message if it dies. */
    private final Deque<String> otherLines = new ArrayDeque<>();
    private final URI baseUri;

    private ShopProcess(Process process) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "bench-shop-output");
        reader.setDaemon(true);
        reader.start();
        String listening = reply(START_TIMEOUT);
        if (!listening.startsWith("listening ")) throw failed("the shop did not start: " + listening);
        this.baseUri = URI.create(listening.substring("listening ".length()));
    }

    static ShopProcess start(long seed) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                BenchShop.class.getName(), Long.toString(seed)));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                return new ShopProcess(process);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the shop's JVM: " + command.get(0), e);
        }
    }

    URI baseUri() {
        return baseUri;
    }

    long pid() {
        return process.pid();
    }

    void latency(Duration latency) {
        expectOk(ask("latency " + latency.toMillis()));
    }

    /** Forgets the calls of the runs before; see {@link BenchShop}. */
    void reset() {
        expectOk(ask("reset"));
    }

    /** The shop JVM's CPU time so far. */
    long cpuNanos() {
        String reply = ask("cpu");
        if (!reply.startsWith("cpu ")) throw failed("unexpected answer to cpu: " + reply);
        return Long.parseLong(reply.substring(4));
    }

    /** What the shop saw since the last {@link #reset()}. */
    record Calls(long total, long retries, long aborted) {}

    Calls calls() {
        String reply = ask("calls");
        String[] words = reply.split(" ");
        if (words.length != 4 || !words[0].equals("calls")) throw failed("unexpected answer to calls: " + reply);
        return new Calls(Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]));
    }

    private void expectOk(String reply) {
        if (!reply.equals("ok")) throw failed("the shop answered: " + reply);
    }

    private synchronized String ask(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw failed("the shop no longer listens (" + e.getMessage() + ")");
        }
        return reply(REPLY_TIMEOUT);
    }

    private String reply(Duration timeout) {
        try {
            String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw failed(process.isAlive() ? "the shop did not answer within " + timeout.toSeconds() + " s" : "the shop's JVM died");
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the shop");
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(BenchShop.PREFIX)) {
                    replies.add(line.substring(BenchShop.PREFIX.length()));
                } else {
                    synchronized (otherLines) {
                        otherLines.addLast(line);
                        if (otherLines.size() > KEPT_LINES) otherLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; a waiting reply() reports it
        }
    }

    /** The last lines the shop printed besides its replies, oldest first (a blocked event loop, a stack trace). */
    List<String> lastLines() {
        synchronized (otherLines) {
            return List.copyOf(otherLines);
        }
    }

    private IllegalStateException failed(String message) {
        List<String> printed = lastLines();
        return new IllegalStateException(printed.isEmpty() ? message : message + "; it printed: " + String.join(" | ", printed));
    }

    /** Asks the shop to stop and waits for it; kills it if it does not stop in time. */
    @Override
    public void close() {
        try {
            commands.write("stop\n");
            commands.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
