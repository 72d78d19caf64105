package dev.asyncrosetta.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread sender = new Thread(() -> gate.send(() -> {
            sending.countDown();
            await(release);
        }));
        sender.start();
        sending.await();

        Thread closer = new Thread(gate::close);
        closer.start();
        closer.join(200);
        assertThat(closer.isAlive()).as("close() while another thread is inside a send").isTrue();

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(closer.isAlive()).as("close() once that send has returned").isFalse();
        sender.join();
    }

    /** Only the sends the closing thread has in progress are its own: one it finished earlier is not. */
    @Test
    void closeFromAThreadThatSentEarlierStillWaitsForTheOthers() throws InterruptedException {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread sender = new Thread(() -> gate.send(() -> {
            sending.countDown();
            await(release);
        }));
        Thread closer = new Thread(() -> {
            gate.send(() -> {}); // a send of its own, over before the other starts
            await(sending);
            gate.close();
        });
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
