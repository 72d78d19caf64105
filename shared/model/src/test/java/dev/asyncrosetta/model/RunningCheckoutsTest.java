package dev.asyncrosetta.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RunningCheckoutsTest {
    private final RunningCheckouts running = new RunningCheckouts();

    @Test
    void cancellingAllCancelsWhatIsStillRunningOnly() {
        CompletableFuture<String> done = running.track(new CompletableFuture<>());
        CompletableFuture<String> inFlight = running.track(new CompletableFuture<>());
        done.complete("receipt");

        assertThat(running.cancelAll()).isTrue();

        assertThat(inFlight).isCancelled();
        assertThat(done).isCompletedWithValue("receipt");
        assertThat(running.isClosed()).isTrue();
    }

    @Test
    void onlyTheFirstCancelAllCloses() {
        assertThat(running.cancelAll()).isTrue();
        assertThat(running.cancelAll()).isFalse();
    }

    @Test
    void aCheckoutTrackedAfterTheCloseIsCancelledAtOnce() {
        running.cancelAll();

        assertThat(running.track(new CompletableFuture<String>())).isCancelled();
    }

    @Test
    void theClosedServiceErrorSaysSo() {
        assertThat(RunningCheckouts.closedService()).isInstanceOf(IllegalStateException.class)
                .hasMessage("the checkout service is closed");
    }
}
