/**
 * JMH: what composing one asynchronous step costs in each style's building block, apart from any
 * I/O. Each benchmark class is one building block with two cases:
 *
 * <ul>
 *   <li>{@code completed}: the value is already there (a completed future, {@code Mono.just}, ...);
 *       one step ({@code +1}) is composed onto it and the result is consumed the style's way.
 *   <li>{@code pending}: the value is not there yet; the step is composed onto the pending stage
 *       first, then the stage is completed, which runs the step. This is the path every real call
 *       takes: a continuation is registered, then fired.
 * </ul>
 *
 * Each case returns the stage it built, so that it escapes, as stages in a real workflow do (they
 * are returned to callers and stored): left local, the JIT's escape analysis may remove a
 * completed stage altogether, which measures the optimiser rather than the library.
 *
 * <p>Everything runs on the benchmark's thread except in {@link dev.asyncrosetta.bench.VirtualThreadStep},
 * whose {@code pending} case is a hand-off to a new virtual thread and back, the price of the
 * virtual-threads style's fan-out. Run with {@code -prof gc} for the bytes allocated per operation
 * ({@code gc.alloc.rate.norm}).
 */
package dev.asyncrosetta.bench;
