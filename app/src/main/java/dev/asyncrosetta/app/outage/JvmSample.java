package dev.asyncrosetta.app.outage;

/**
 * What the JVM held at one moment of a run: every live thread (the style's, the embedded shop's and
 * the command's own) and the heap in use, garbage not yet collected included.
 */
record JvmSample(long atNanos, int threads, long heapUsedBytes) {}
