package dev.asyncrosetta.contract;

import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.DeadlineExceededException;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.jdkhttp.JdkHttpFailures;
import dev.asyncrosetta.model.Json;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.RunningCheckouts;
import dev.asyncrosetta.model.ShopApi;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A deliberately plain checkout (a thread per checkout, blocking waits) that can be given one flaw
 * at a time, so the contract's own tests can show each flaw is caught by the scenario made for it.
 * It exists only for those tests; the real styles live in their own modules.
 */
final class SketchStyle implements CheckoutStyle {

    enum Flaw {
        NONE,
        /** Gives up waiting after callTimeout but leaves the request running, like orTimeout. */
        TIMEOUT_WITHOUT_CANCEL,
        /** Retries the payment under a new Idempotency-Key, so a lost answer means a second charge. */
        FRESH_KEY_ON_RETRY,
        /** Fetches every order's details at once, whatever detailsConcurrency says. */
        UNBOUNDED_FAN_OUT,
        /** Lets the caller cancel the future but carries on with the checkout behind it. */
        SWALLOWS_CANCEL,
        /** Releases its threads on close but leaves the checkouts in flight to wait forever. */
        CLOSE_LEAVES_CHECKOUTS_RUNNING,
        /** Fails fast when one detail fails, but leaves the sibling detail calls running. */
        SIBLINGS_LEFT_RUNNING,
        /** Fails the future at the deadline, but leaves the checkout and its calls running. */
        DEADLINE_ONLY_FAILS_FUTURE,
        /** Stops the checkout when the caller cancels, but not when the caller completes the future another way. */
        ONLY_CANCEL_STOPS,
        /** Times each call with java.net.http's own request timeout, which covers the head only. */
        TIMEOUT_COVERS_HEAD_ONLY,
        /** A call waiting for a connection is sent once it gets one, though its checkout was stopped meanwhile. */
        SENDS_QUEUED_CALLS_AFTER_STOP,
        /** Never looks at whether it was closed: checkouts asked after close() run against a closed client. */
        CHECKOUT_IGNORES_CLOSE,
        /** close() waits for every checkout's thread to end: from a checkout's own callback it waits on itself. */
        CLOSE_WAITS_FOR_CHECKOUTS,
        /** Sends retries without the X-Request-Id header. */
        RETRY_WITHOUT_REQUEST_ID,
        /** Retries 4xx answers as if they were transient. */
        RETRIES_CLIENT_ERRORS,
        /** Takes a 3xx answer as a success and reads its body. */
        ACCEPTS_REDIRECTS,
        /** Resends a call once on its own when its connection fails, outside the policy's attempts. */
        RESENDS_ON_CONNECTION_LOSS,
        /** Reads any body whole, however large. */
        NO_BODY_LIMIT,
        /** Takes an answer that is not HTTP for a connection failure, and retries it. */
        RETRIES_UNPARSEABLE,
        /** Waits for the user and orders calls to end without listening for a stop: a cancel reaches the fan-out only. */
        EARLY_STEPS_IGNORE_STOP,
        /** Pays for the first open order only. */
        PAYS_FIRST_ORDER_ONLY,
        /** Starts a virtual thread that close() never stops (JDK 21+). */
        LEAKS_A_VIRTUAL_THREAD,
        /** Completes a receipt from a thread it does not declare (a new one each time). */
        COMPLETES_ON_AN_UNDECLARED_THREAD,
        /**
         * Leaves a connection to the shop open after close(), one that never sent a byte: what a
         * connect racing the close leaves behind when the client stops its I/O thread first.
         */
        LEAKS_A_SILENT_CONNECTION
    }

    private final Flaw flaw;

    SketchStyle(Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return "sketch-" + flaw.name().toLowerCase();
    }

    @Override
    public String summary() {
        return "a plain blocking checkout for the contract's own tests, with the flaw " + flaw;
    }

    @Override
    public CheckoutService open(URI shopBaseUri, CheckoutPolicy policy) {
        return new Service(shopBaseUri, policy);
    }

    private final class Service implements CheckoutService {
        /** Like the real styles' pools: at most this many calls on the wire, the rest wait for a slot. */
        private static final int CONNECTIONS = 500;

        private final URI base;
        private final CheckoutPolicy policy;
        private final ExecutorService http = Executors.newCachedThreadPool(named("sketch-http"));
        private final HttpClient client;
        private final Semaphore connections = new Semaphore(CONNECTIONS, true);
        private final RunningCheckouts running = new RunningCheckouts();
        private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("sketch-timer"));
        private final List<Socket> leaked = new ArrayList<>();

        Service(URI base, CheckoutPolicy policy) {
            this.base = base;
            this.policy = policy;
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(http).build();
            if (flaw == Flaw.LEAKS_A_SILENT_CONNECTION) {
                try {
                    leaked.add(new Socket(base.getHost(), base.getPort())); // held by the service, never closed
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (flaw == Flaw.LEAKS_A_VIRTUAL_THREAD) {
                startVirtualThread(() -> {
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }

        @Override
        public CompletableFuture<Receipt> checkout(CheckoutRequest request) {
            try {
                CheckoutRequest.requireValid(request);
            } catch (CheckoutException invalid) {
                return CompletableFuture.failedFuture(invalid);
            }
            if (flaw != Flaw.CHECKOUT_IGNORES_CLOSE && running.isClosed()) {
                return CompletableFuture.failedFuture(RunningCheckouts.closedService());
            }
            CompletableFuture<Receipt> result = new CompletableFuture<>();
            Thread worker = named("sketch-checkout").newThread(() -> {
                try {
                    if (result.isDone()) return;
                    Receipt receipt = run(request);
                    if (flaw == Flaw.COMPLETES_ON_AN_UNDECLARED_THREAD) {
                        new Thread(() -> result.complete(receipt), "elsewhere").start();
                    } else {
                        result.complete(receipt);
                    }
                } catch (CheckoutException failure) {
                    result.completeExceptionally(failure);
                } catch (InterruptedException stopped) {
                    // the result was already decided by the deadline or the caller
                } finally {
                    workers.remove(Thread.currentThread());
                }
            });
            result.whenComplete((receipt, failure) -> {
                boolean stop = switch (flaw) {
                    case SWALLOWS_CANCEL -> false;
                    case DEADLINE_ONLY_FAILS_FUTURE -> !(failure instanceof DeadlineExceededException);
                    case ONLY_CANCEL_STOPS -> result.isCancelled();
                    default -> true;
                };
                if (stop) worker.interrupt();
            });
            if (flaw != Flaw.CHECKOUT_IGNORES_CLOSE) running.track(result);
            try {
                ScheduledFuture<?> deadline = timer.schedule(() -> result.completeExceptionally(new DeadlineExceededException(policy.deadline())),
                        policy.deadline().toMillis(), TimeUnit.MILLISECONDS);
                result.whenComplete((receipt, failure) -> deadline.cancel(false));
            } catch (RejectedExecutionException closedMeanwhile) {
                result.completeExceptionally(RunningCheckouts.closedService());
                return result;
            }
            workers.add(worker);
            worker.start();
            return result;
        }

        private Receipt run(CheckoutRequest request) throws InterruptedException {
            String id = request.requestId();
            User user = call(Step.USER, request, attempt -> get(id, attempt, ShopApi.userPath(request.userId())), Json::user);
            List<Order> orders = call(Step.ORDERS, request, attempt -> get(id, attempt, ShopApi.ordersPath(user.id())), Json::orders);
            if (orders.isEmpty()) return Receipt.nothingToPay(id, user);
            List<OrderDetails> details = fetchDetails(request, orders);
            PaymentRequest payment = PaymentRequest.forDetails(user,
                    flaw == Flaw.PAYS_FIRST_ORDER_ONLY ? details.subList(0, 1) : details);
            return Receipt.paid(id, user, orders, details, call(Step.PAYMENT, request, attempt -> HttpRequest
                    .newBuilder(base.resolve(ShopApi.PAYMENTS_PATH))
                    .header(ShopApi.REQUEST_ID_HEADER, id)
                    .header(ShopApi.IDEMPOTENCY_KEY_HEADER, flaw == Flaw.FRESH_KEY_ON_RETRY ? id + "-" + attempt : id)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(payment))).build(), Json::payment));
        }

        private List<OrderDetails> fetchDetails(CheckoutRequest request, List<Order> orders) throws InterruptedException {
            int width = flaw == Flaw.UNBOUNDED_FAN_OUT ? orders.size() : policy.detailsConcurrency();
            ExecutorService fanOut = Executors.newFixedThreadPool(width, named("sketch-details"));
            try {
                List<Future<OrderDetails>> pending = new ArrayList<>();
                for (Order order : orders) {
                    pending.add(fanOut.submit(() -> call(Step.DETAILS, request,
                            attempt -> get(request.requestId(), attempt, ShopApi.detailsPath(order.id())), Json::details)));
                }
                List<OrderDetails> details = new ArrayList<>();
                for (Future<OrderDetails> next : pending) {
                    try {
                        details.add(next.get());
                    } catch (ExecutionException e) {
                        throw (CheckoutException) e.getCause();
                    }
                }
                return details;
            } finally {
                if (flaw == Flaw.SIBLINGS_LEFT_RUNNING) fanOut.shutdown();
                else fanOut.shutdownNow();
            }
        }

        private <T> T call(Step step, CheckoutRequest request, Function<Integer, HttpRequest> attemptRequest,
                Function<byte[], T> decode) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    byte[] body = flaw == Flaw.EARLY_STEPS_IGNORE_STOP && step.compareTo(Step.ORDERS) <= 0
                            ? exchangeIgnoringStop(attemptRequest.apply(attempt))
                            : exchangeOnce(attemptRequest.apply(attempt));
                    return decode.apply(body);
                } catch (CallFailure failure) {
                    boolean retry = failure.isTransient() || (flaw == Flaw.RETRIES_CLIENT_ERRORS && failure.status() >= 400);
                    if (!retry || attempt == policy.maxAttempts()) {
                        throw failure.toCheckoutException(step, request.userId(), attempt);
                    }
                    Thread.sleep(policy.backoffAfter(attempt).toMillis());
                }
            }
        }

        /** The flaw EARLY_STEPS_IGNORE_STOP: the exchange runs on another thread, waited for uninterruptibly. */
        private byte[] exchangeIgnoringStop(HttpRequest request) {
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            http.execute(() -> {
                try {
                    done.complete(exchangeOnce(request));
                } catch (Throwable failure) {
                    done.completeExceptionally(failure);
                }
            });
            try {
                return done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof CallFailure failure) throw failure;
                throw e;
            }
        }

        private byte[] exchangeOnce(HttpRequest request) throws InterruptedException {
            try {
                return exchange(request);
            } catch (CallFailure failure) {
                if (flaw == Flaw.RESENDS_ON_CONNECTION_LOSS && failure.kind() == DownstreamException.Kind.CONNECTION) {
                    return exchange(request);
                }
                throw failure;
            }
        }

        /** One exchange, holding one of the connections while it runs. */
        private byte[] exchange(HttpRequest request) throws InterruptedException {
            if (flaw == Flaw.SENDS_QUEUED_CALLS_AFTER_STOP) {
                connections.acquireUninterruptibly();
                Thread.interrupted(); // forgets the stop that came while it waited
            } else {
                connections.acquire();
            }
            try {
                return exchangeOnConnection(request);
            } finally {
                connections.release();
            }
        }

        private byte[] exchangeOnConnection(HttpRequest request) throws InterruptedException {
            if (flaw == Flaw.TIMEOUT_COVERS_HEAD_ONLY) {
                request = HttpRequest.newBuilder(request, (name, value) -> true).timeout(policy.callTimeout()).build();
            }
            CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
                    flaw == Flaw.NO_BODY_LIMIT ? HttpResponse.BodyHandlers.ofByteArray() : JdkHttpFailures.bodyWithinLimit());
            try {
                HttpResponse<byte[]> response = flaw == Flaw.TIMEOUT_COVERS_HEAD_ONLY
                        ? exchange.get()
                        : exchange.get(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                if (!(flaw == Flaw.ACCEPTS_REDIRECTS && status >= 300 && status < 400)) {
                    CallFailure.requireSuccess(status);
                }
                return response.body();
            } catch (TimeoutException e) {
                if (flaw != Flaw.TIMEOUT_WITHOUT_CANCEL) exchange.cancel(true);
                throw CallFailure.timeout(e);
            } catch (ExecutionException e) {
                Throwable failure = JdkHttpFailures.classify(e);
                if (flaw == Flaw.RETRIES_UNPARSEABLE && failure instanceof CallFailure call
                        && call.kind() == DownstreamException.Kind.MALFORMED_RESPONSE && call.getCause() != null) {
                    throw CallFailure.connection(call.getCause());
                }
                if (failure instanceof CallFailure call) throw call;
                throw new IllegalStateException(failure);
            } catch (InterruptedException e) {
                exchange.cancel(true);
                throw e;
            }
        }

        private HttpRequest get(String requestId, int attempt, String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
            if (!(flaw == Flaw.RETRY_WITHOUT_REQUEST_ID && attempt > 1)) {
                request.header(ShopApi.REQUEST_ID_HEADER, requestId);
            }
            return request.build();
        }

        @Override
        public void close() {
            if (flaw == Flaw.CLOSE_WAITS_FOR_CHECKOUTS) {
                // Waits up to 10 s for every checkout's thread to end, whatever interrupts it meanwhile.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (Thread worker : workers) {
                    while (worker.isAlive() && System.nanoTime() < until) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                }
            }
            if (flaw == Flaw.CLOSE_LEAVES_CHECKOUTS_RUNNING) {
                http.shutdownNow();
                timer.shutdownNow();
                return;
            }
            if (!running.cancelAll() && flaw != Flaw.CHECKOUT_IGNORES_CLOSE) {
                return;
            }
            workers.forEach(Thread::interrupt); // a checkout whose future was decided earlier may still run (a flaw's)
            if (flaw == Flaw.EARLY_STEPS_IGNORE_STOP) {
                http.shutdownNow(); // stops the exchanges it left running, or the client's close would wait for them
            }
            // JDK 21+: closes the pooled connections too (and waits for the exchanges still running).
            if ((Object) client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            http.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** Thread.startVirtualThread, called by reflection because this module compiles for Java 17. */
    private static void startVirtualThread(Runnable task) {
        try {
            Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
