package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SendGateTest {
    private final SendGate gate = new SendGate();

    @Test
    void runsSendsUntilClosedAndNoneAfter() {
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(gate.send(() -> ran.set(true))).isTrue();
        assertThat(ran).isTrue();

        gate.close();
        ran.set(false);

        assertThat(gate.send(() -> ran.set(true))).isFalse();
        assertThat(ran).isFalse();
    }

    @Test
    void closeWaitsForASendInProgressOnAnotherThread() throws InterruptedException {
        assertCloseWaitsForASendOnAnotherThread(sending -> {
            await(sending);
            gate.close();
        });
    }

    /** Only the sends the closing thread has in progress are its own: one it finished earlier is not. */
    @Test
    void closeFromAThreadThatSentEarlierStillWaitsForTheOthers() throws InterruptedException {
        assertCloseWaitsForASendOnAnotherThread(sending -> {
            gate.send(() -> {}); // a send of its own, over before it closes
            await(sending);
            gate.close();
        });
    }

    /** Runs {@code closing} on a thread of its own while another thread is inside a send, told when that send has begun. */
    private void assertCloseWaitsForASendOnAnotherThread(Consumer<CountDownLatch> closing) throws InterruptedException {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread sender = new Thread(() -> gate.send(() -> {
            sending.countDown();
            await(release);
        }));
        Thread closer = new Thread(() -> closing.accept(sending));
        closer.start();
        sender.start();

        closer.join(500);
        assertThat(closer.isAlive()).as("close() while another thread is inside a send").isTrue();

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(closer.isAlive()).as("close() once that send has returned").isFalse();
        sender.join();
    }

    @Test
    void closeFromInsideASendDoesNotWaitForItself() {
        assertThat(gate.send(gate::close)).isTrue();
        assertThat(gate.send(() -> {})).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
