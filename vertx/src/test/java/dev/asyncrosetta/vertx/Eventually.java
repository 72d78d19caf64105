package dev.asyncrosetta.vertx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting, the Vert.x way, for what the shop's ledger will say a moment later (an abort reaches the
 * shop after the client gave up): a periodic timer checks, and a future completes when it holds.
 */
final class Eventually {
    private static final long CHECK_EVERY_MILLIS = 5;
    private static final long GIVE_UP_SECONDS = 10;

    private Eventually() {}

    static Future<Void> until(Vertx vertx, BooleanSupplier condition, Supplier<String> whatWasSeen) {
        Promise<Void> holds = Promise.promise();
        long periodic = vertx.setPeriodic(CHECK_EVERY_MILLIS, check -> {
            if (condition.getAsBoolean()) {
                holds.tryComplete();
            }
        });
        return holds.future()
                .timeout(GIVE_UP_SECONDS, TimeUnit.SECONDS)
                .recover(timedOut -> Future.failedFuture(new AssertionError(
                        "not within " + GIVE_UP_SECONDS + " s: " + whatWasSeen.get(), timedOut)))
                .andThen(done -> vertx.cancelTimer(periodic));
    }
}
