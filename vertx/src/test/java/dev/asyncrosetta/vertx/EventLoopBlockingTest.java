package dev.asyncrosetta.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.contract.BlockingCalls;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * C17 trusts BlockHound to know Vert.x's event loops through Netty's integration. These tests show
 * that trust is earned: with no thread declared by this module, a blocking call on an event loop is
 * reported, and the same call on an ordinary thread is not.
 */
@ExtendWith(VertxExtension.class)
class EventLoopBlockingTest {
    private static final Runnable BLOCKING_CALL = () -> {
        try {
            TimeUnit.MILLISECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    @Test
    void blockingOnAVertxEventLoopIsReported(Vertx vertx, VertxTestContext testContext) {
        BlockingCalls.watch(nothingDeclared -> false);

        vertx.getOrCreateContext().runOnContext(onEventLoop -> {
            BLOCKING_CALL.run();
            String eventLoop = Thread.currentThread().getName();
            testContext.verify(() -> {
                assertThat(eventLoop).startsWith("vert.x-eventloop-thread-");
                assertThat(BlockingCalls.seen()).as("blocking calls BlockHound saw")
                        .anySatisfy(seen -> assertThat(seen).startsWith(eventLoop + " blocked in ").contains("sleep"));
            });
            testContext.completeNow();
        });
    }

    @Test
    void blockingOnAnOrdinaryThreadIsNot() {
        BlockingCalls.watch(nothingDeclared -> false);

        BLOCKING_CALL.run();

        String thisThread = Thread.currentThread().getName() + " ";
        assertThat(BlockingCalls.seen()).noneMatch(seen -> seen.startsWith(thisThread));
    }
}
