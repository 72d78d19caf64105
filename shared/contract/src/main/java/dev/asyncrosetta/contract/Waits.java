package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.fail;

import dev.asyncrosetta.backend.ShopBackend;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for something the ledger or a thread list will say, instead of sleeping and hoping. */
public final class Waits {
    private Waits() {}

    /** Polls the condition every few milliseconds; fails with the description if it is not met in time. */
    public static void until(Duration atMost, BooleanSupplier condition, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + atMost.toMillis() + " ms: " + whatWasSeen.get());
            }
            pause(Duration.ofMillis(5));
        }
    }

    /**
     * Sleeps. Only for proving that something does NOT happen during a window whose length comes
     * from the policy (no late retry after a cancel): absence has no event to wait for.
     */
    public static void quietPeriod(Duration window) {
        pause(window);
    }

    /**
     * On JDK 17 runs the collector: its HttpClient has no close(), so its selector thread and its
     * connections end only once the client is collected. From JDK 21 a style closes its client, and
     * a style that forgets to must not be rescued by a collection the contract asked for.
     */
    public static void collectUnclosableClientsOnJdk17() {
        if (Runtime.version().feature() < 21) {
            System.gc();
        }
    }

    /**
     * Once a scenario's services are closed, the shop may have no connection open (within 10 s): a
     * leak is blamed on the scenario that made it. On JDK 17 the wait runs the collector ({@link
     * #collectUnclosableClientsOnJdk17}).
     */
    public static void untilNoConnectionIsOpen(ShopBackend shop) {
        until(Duration.ofSeconds(10), () -> {
            collectUnclosableClientsOnJdk17();
            return shop.openConnections() == 0;
        }, () -> "connections left open once the scenario's services were closed: " + shop.openConnections());
    }

    /**
     * Once a scenario's services are closed, every thread started since {@code before} has ended (within
     * 10 s, virtual threads included): a thread left behind, or a timer still holding a task, is blamed on
     * the scenario that left it. On JDK 17 the wait runs the collector, as above.
     */
    public static void untilNoThreadStartedSince(Map<Long, String> before) {
        until(Duration.ofSeconds(10), () -> {
            collectUnclosableClientsOnJdk17();
            return LiveThreads.startedSince(before).isEmpty();
        }, () -> "threads left alive once the scenario's services were closed: " + LiveThreads.startedSince(before).values());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
