package dev.asyncrosetta.rxjava;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.DownstreamException.Kind;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import io.opentelemetry.context.Context;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one failure rule, applied where the JDK client's failures enter the style: each kind of
 * transport failure becomes its CallFailure, and anything else, a bug, reaches the caller of
 * checkout as it was thrown, after one attempt.
 */
@ExtendWith(UndeliverableErrors.class)
class JdkHttpShopClientTest {
    private static final URI SHOP = URI.create("http://127.0.0.1:1");
    private static final Executor ON_THE_CALLING_THREAD = Runnable::run;

    static Stream<Arguments> transportFailures() {
        return Stream.of(
                Arguments.of(new HttpTimeoutException("request timed out"), Kind.TIMEOUT),
                Arguments.of(new HttpConnectTimeoutException("HTTP connect timed out"), Kind.TIMEOUT),
                Arguments.of(new ProtocolException("Invalid status line: \"HTTP/1.1 2x0 OK\""), Kind.MALFORMED_RESPONSE),
                // JDK 17 wraps a protocol error the same way
                Arguments.of(new IOException(new ProtocolException("Bad header name")), Kind.MALFORMED_RESPONSE),
                Arguments.of(new ConnectException("Connection refused"), Kind.CONNECTION),
                Arguments.of(new IOException("connection closed locally"), Kind.CONNECTION));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("transportFailures")
    void aTransportFailureBecomesItsCallFailure(Throwable thrown, Kind kind) {
        JdkHttpShopClient shop = new JdkHttpShopClient(SHOP, new FailingHttpClient(thrown), ON_THE_CALLING_THREAD, RxJavaCheckout.untraced());

        shop.user(Context.root(), "request-1", "u-1").test()
                .assertError(failure -> failure instanceof CallFailure callFailure && callFailure.kind() == kind);
    }

    @Test
    void aBugReachesTheCallerUnchangedAfterOneAttempt() {
        NullPointerException bug = new NullPointerException("a bug in the client");
        FailingHttpClient http = new FailingHttpClient(bug);
        TestScheduler scheduler = new TestScheduler();
        RxJavaCheckout service = new RxJavaCheckout(
                new CheckoutPolicy(Duration.ofSeconds(1), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4),
                new JdkHttpShopClient(SHOP, http, ON_THE_CALLING_THREAD, RxJavaCheckout.untraced()), scheduler, () -> {});

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest("u-1", "request-1"));
        scheduler.advanceTimeBy(60_000, MILLISECONDS);

        assertThat(checkout).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isSameAs(bug);
        assertThat(http.sent()).as("attempts: a bug is not retried").isEqualTo(1);
    }

    @Test
    void aTimeoutOfTheClientIsRetriedLikeAnyTimeout() {
        FailingHttpClient http = new FailingHttpClient(new HttpConnectTimeoutException("HTTP connect timed out"));
        TestScheduler scheduler = new TestScheduler();
        RxJavaCheckout service = new RxJavaCheckout(
                new CheckoutPolicy(Duration.ofSeconds(1), Duration.ofSeconds(20), 3, Duration.ofMillis(100), 4),
                new JdkHttpShopClient(SHOP, http, ON_THE_CALLING_THREAD, RxJavaCheckout.untraced()), scheduler, () -> {});

        CompletableFuture<Receipt> checkout = service.checkout(new CheckoutRequest("u-1", "request-1"));
        scheduler.advanceTimeBy(60_000, MILLISECONDS);

        assertThat(checkout).failsWithin(Duration.ZERO).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(DownstreamException.class, failure -> {
                    assertThat(failure.step()).isEqualTo(Step.USER);
                    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(failure.attempts()).isEqualTo(3);
                });
        assertThat(http.sent()).isEqualTo(3);
    }

    /** A call's trace ends with its status, its failure's kind, or "aborted" once disposed (PIT found none checked). */
    @Test
    void everyCallIsTracedWithHowItEnded() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        List<String> traced = new CopyOnWriteArrayList<>();
        CallTrace.listen(call -> traced.add(call.step() + " " + call.outcome()));
        try (ShopBackend backend = ShopBackend.start()) {
            JdkHttpShopClient shop = new JdkHttpShopClient(backend.baseUri(), executor, RxJavaCheckout.untraced());
            User user = backend.data().userWithOpenOrders(1, 6);
            String requestId = "traced-" + UUID.randomUUID();
            backend.addFault(FaultRule.on(Route.USER, Fault.reset()).forRequest(requestId).onAttempts(1, 1));
            backend.addFault(FaultRule.on(Route.ORDERS, Fault.status(404)).forRequest(requestId));
            backend.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(requestId));

            shop.user(Context.root(), requestId, user.id()).onErrorResumeNext(reset -> shop.user(Context.root(), requestId, user.id()))
                    .flatMap(found -> shop.orders(Context.root(), requestId, user.id()))
                    .test().awaitDone(10, SECONDS).assertError(CallFailure.class);
            TestObserver<?> hanging = shop.details(Context.root(), requestId, backend.data().openOrders(user.id()).get(0).id()).test();
            Waits.until(Duration.ofSeconds(10), () -> backend.ledger().inFlight(requestId) == 1,
                    () -> "the details call never came: " + backend.ledger().calls(requestId));
            hanging.dispose();
            Waits.until(Duration.ofSeconds(10), () -> traced.size() == 4, () -> "traced so far: " + traced);

            assertThat(traced).containsExactly("USER CONNECTION", "USER 200", "ORDERS 404", "DETAILS aborted");
            shop.close();
        } finally {
            CallTrace.listen(null);
            executor.shutdownNow();
        }
    }
}
