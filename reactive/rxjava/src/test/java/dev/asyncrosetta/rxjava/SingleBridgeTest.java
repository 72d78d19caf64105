package dev.asyncrosetta.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.StyleThreads;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.observers.TestObserver;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The bridge from a CompletableFuture into a Single, and the two ways it is easy to get wrong. */
@ExtendWith(UndeliverableErrors.class)
class SingleBridgeTest {
    private final ExecutorService signalOn = Executors.newSingleThreadExecutor(StyleThreads.named("bridge-test-"));

    @AfterEach
    void stopExecutor() throws InterruptedException {
        signalOn.shutdownNow();
        signalOn.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void signalsTheValueOnTheGivenExecutor() {
        CompletableFuture<String> future = new CompletableFuture<>();
        TestObserver<String> observer = SingleBridge.fromFuture(() -> future, signalOn)
                .map(value -> value + " on " + Thread.currentThread().getName())
                .test();

        future.complete("answer");

        observer.awaitDone(5, TimeUnit.SECONDS).assertValue("answer on bridge-test-1");
    }

    @Test
    void signalsTheFutureFailureUnwrapped() {
        CompletableFuture<String> future = new CompletableFuture<>();
        TestObserver<String> observer = SingleBridge.fromFuture(() -> future, signalOn).test();

        future.completeExceptionally(new CompletionException(new IOException("connection reset")));

        observer.awaitDone(5, TimeUnit.SECONDS).assertError(IOException.class);
    }

    @Test
    void startsNothingUntilSubscribedAndAgainOnEverySubscription() {
        int[] started = {0};
        Single<String> single = SingleBridge.fromFuture(() -> {
            started[0]++;
            return CompletableFuture.completedFuture("answer");
        }, signalOn);
        assertThat(started[0]).isZero();

        single.test().awaitDone(5, TimeUnit.SECONDS);
        single.test().awaitDone(5, TimeUnit.SECONDS);

        assertThat(started[0]).isEqualTo(2);
    }

    /** The whole point: a timeout, a deadline or a cancel disposes, and that must reach the exchange. */
    @Test
    void disposingCancelsTheFutureAndRaisesNoUndeliverableError() {
        CompletableFuture<String> future = new CompletableFuture<>();
        TestObserver<String> observer = SingleBridge.fromFuture(() -> future, signalOn).test();

        observer.dispose();

        assertThat(future).isCancelled();
        observer.assertEmpty();
        // The cancel completes the future with a CancellationException; the bridge must drop it.
        assertThat(UndeliverableErrors.take()).isEmpty();
    }

    /** A checkout cancelled as its chain was being subscribed: its call is never sent. */
    @Test
    void aSubscriberDisposedBeforeTheStartStartsNothing() {
        int[] started = {0};
        TestObserver<String> observer = new TestObserver<>();
        observer.dispose();

        SingleBridge.fromFuture(() -> {
            started[0]++;
            return new CompletableFuture<String>();
        }, signalOn).subscribe(observer);

        assertThat(started[0]).isZero();
    }

    /** The client closed under a checkout cancelled meanwhile: nobody is listening, and nothing goes astray. */
    @Test
    void aStartThatFailsAfterTheDisposalRaisesNoUndeliverableError() {
        TestObserver<String> observer = new TestObserver<>();

        SingleBridge.<String>fromFuture(() -> {
            observer.dispose();
            throw new IllegalStateException("the shop client is closed");
        }, signalOn).subscribe(observer);

        observer.assertEmpty();
        assertThat(UndeliverableErrors.take()).isEmpty();
    }

    /** Why the bridge is not Single.fromCompletionStage: its disposal leaves the work running. */
    @Test
    void fromCompletionStageDetachesWithoutCancelling() {
        CompletableFuture<String> future = new CompletableFuture<>();

        Single.fromCompletionStage(future).test().dispose();

        assertThat(future).as("still running: for sendAsync, the request the shop keeps answering").isNotDone();
    }

    /** Why the bridge uses tryOnError: with onError, every cancel becomes an undeliverable error. */
    @Test
    void aBridgeSignallingWithOnErrorHandsTheCancelToRxJavaPlugins() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Single<String> naive = Single.create(emitter -> {
            emitter.setCancellable(() -> future.cancel(true));
            future.whenComplete((value, failure) -> {
                if (failure == null) {
                    emitter.onSuccess(value);
                } else {
                    emitter.onError(failure);
                }
            });
        });

        naive.test().dispose();

        // RxJava passes it on unwrapped (not as UndeliverableException): a CancellationException is an
        // IllegalStateException, which RxJava counts as a likely bug and hands over as it is.
        assertThat(UndeliverableErrors.take()).singleElement().isInstanceOf(CancellationException.class);
    }
}
