package dev.asyncrosetta.backend;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What a matching {@link FaultRule} does to a call instead of, or on top of, answering it. */
public sealed interface Fault {

    /** Answer normally, but later. For a payment the charge happens at once: only the answer is late. */
    record Delay(Duration delay) implements Fault {
        public Delay {
            requireNonNull(delay, "delay");
            if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative");
        }
    }

    /** Answer this status with an error body, without doing the call's work (no charge). */
    record Status(int status) implements Fault {
        public Status {
            if (status < 100 || status > 599) throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    /** Never answer; the call stays in flight until the client gives up. */
    record Hang() implements Fault {}

    /** Close the connection instead of answering. */
    record Reset() implements Fault {}

    /** Answer 200 with a body the client cannot use: broken JSON, or JSON missing a required field. */
    record Malformed(boolean missingField) implements Fault {}

    /**
     * Do the work (a payment is charged), send the head with the full Content-Length and the first
     * half of the body, then never the rest: the call stays in flight until the client gives up.
     */
    record StallBody() implements Fault {}

    /**
     * Close the connection once the request has been read, before any byte of an answer. This is
     * what a stale pooled connection looks like: some clients (the JDK's, reactor-netty's) silently
     * retry such a call on their own.
     */
    record Drop() implements Fault {}

    /** Answer 302 to the very same URI on this shop, without doing the work (no charge). */
    record Redirect() implements Fault {}

    /** Send an interim {@code 100 Continue} before the answer, then answer normally. */
    record Informational() implements Fault {}

    /**
     * The normal answer, its JSON body followed by spaces up to exactly {@code bytes} bytes (or the
     * JSON alone if it is longer than that), announced by its Content-Length or, {@code chunked},
     * sent in chunks with no length: a client can then only count the bytes as they come.
     */
    record Padded(long bytes, boolean chunked) implements Fault {
        public Padded {
            if (bytes < 0) throw new IllegalArgumentException("padding size must not be negative");
        }
    }

    /** The normal answer with one more header, {@code X-Padding}, whose value is {@code bytes} 'a's. */
    record BigHeader(int bytes) implements Fault {
        public BigHeader {
            if (bytes < 0) throw new IllegalArgumentException("header size must not be negative");
        }
    }

    /** Raw bytes that are not HTTP/1.1 (a status line with status {@code 2x0}), then close; no work done. */
    record BadStatusLine() implements Fault {}

    /** Raw bytes of a chunked answer whose chunk size is not hex, then close; no work done. */
    record BadChunk() implements Fault {}

    /** Raw bytes of an answer with a header name that is not a token ({@code X(A)}), then close; no work done. */
    record BadHeaderName() implements Fault {}

    static Fault delay(Duration delay) {
        return new Delay(delay);
    }

    static Fault status(int status) {
        return new Status(status);
    }

    static Fault hang() {
        return new Hang();
    }

    static Fault reset() {
        return new Reset();
    }

    static Fault badJson() {
        return new Malformed(false);
    }

    static Fault missingField() {
        return new Malformed(true);
    }

    static Fault stallBody() {
        return new StallBody();
    }

    static Fault drop() {
        return new Drop();
    }

    static Fault redirect() {
        return new Redirect();
    }

    static Fault informational() {
        return new Informational();
    }

    static Fault padded(long bytes) {
        return new Padded(bytes, false);
    }

    static Fault paddedChunked(long bytes) {
        return new Padded(bytes, true);
    }

    static Fault bigHeader(int bytes) {
        return new BigHeader(bytes);
    }

    static Fault badStatusLine() {
        return new BadStatusLine();
    }

    static Fault badChunk() {
        return new BadChunk();
    }

    static Fault badHeaderName() {
        return new BadHeaderName();
    }
}
