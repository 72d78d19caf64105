package dev.asyncrosetta.contract;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contract classes' warm-ups, each run once per test JVM. What a warm-up pays for, loading classes
 * and the JIT's first pass, is paid once per JVM, not once per test class. PIT runs every scenario on
 * its own, so a class's {@code @BeforeAll} runs again before each one: warming up every time made a
 * surviving mutant, which runs every covering scenario, cost minutes more than its scenarios do.
 */
final class WarmUps {
    private static final Set<String> DONE = ConcurrentHashMap.newKeySet();

    /** What a warm-up does; it may throw what the checkout it waits for throws. */
    @FunctionalInterface
    interface WarmUp {
        void run() throws Exception;
    }

    private WarmUps() {}

    /**
     * Runs the warm-up the first time this JVM asks for it by this name, and never again, even when
     * it fails: its outcome checks nothing.
     */
    static void once(String name, WarmUp warmUp) throws Exception {
        if (DONE.add(name)) warmUp.run();
    }
}
