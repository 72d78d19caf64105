package dev.asyncrosetta.backend;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shop: a real HTTP server on loopback, one handler per event loop, with seeded data, fault
 * injection and a ledger of every call. Starts and stops in milliseconds, so each test class can
 * have its own.
 *
 * <pre>{@code
 * try (ShopBackend shop = ShopBackend.builder().latency(Duration.ofMillis(20)).start()) {
 *     shop.addFault(FaultRule.parse("details@1-2=503"));
 *     ... call shop.baseUri() ...
 *     shop.ledger().calls(requestId);
 * }
 * }</pre>
 */
public final class ShopBackend implements AutoCloseable {
    private final Vertx vertx;
    private final ShopState state;
    private final Duration initialLatency;
    private final AtomicInteger openConnections;
    private final AtomicReference<PaymentServiceControl> paymentService;
    private final String host;
    private final int port;

    private ShopBackend(Vertx vertx, ShopState state, Duration initialLatency, AtomicInteger openConnections,
            AtomicReference<PaymentServiceControl> paymentService, String host, int port) {
        this.vertx = vertx;
        this.state = state;
        this.initialLatency = initialLatency;
        this.openConnections = openConnections;
        this.paymentService = paymentService;
        this.host = host;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A shop on an ephemeral loopback port with the default seed and no latency. */
    public static ShopBackend start() {
        return builder().start();
    }

    public URI baseUri() {
        return URI.create("http://" + host + ":" + port);
    }

    public int port() {
        return port;
    }

    public ShopData data() {
        return state.data();
    }

    public Ledger ledger() {
        return state.ledger();
    }

    public void addFault(FaultRule rule) {
        state.addFault(rule);
    }

    public List<FaultRule> faults() {
        return state.faults();
    }

    public void clearFaults() {
        state.clearFaults();
    }

    /** Added to every call's answer, as a timer: a demo's or benchmark's network and work. */
    public void latency(Duration latency) {
        state.latency(latency);
    }

    public Duration latency() {
        return state.latency();
    }

    /** Client connections open right now. */
    public int openConnections() {
        return openConnections.get();
    }

    /**
     * Lets the admin routes {@code /admin/payment-service/...} drive this payment service, in place of
     * any attached before. The shop itself never calls it otherwise.
     */
    public void attachPaymentService(PaymentServiceControl control) {
        paymentService.set(Objects.requireNonNull(control, "control"));
    }

    /** The admin routes answer 404 again; the service itself is left as it is. */
    public void detachPaymentService() {
        paymentService.set(null);
    }

    /**
     * Back to how it started: no faults, the first latency, an empty ledger. Captured payments stay, and
     * so does an attached payment service, which is not the shop's own.
     */
    public void reset() {
        state.clearFaults();
        state.latency(initialLatency);
        state.ledger().clear();
    }

    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the shop", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the shop failed to start or stop", e);
        }
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private long seed = ShopData.DEFAULT_SEED;
        private int users = ShopData.DEFAULT_USERS;
        private Duration latency = Duration.ZERO;
        private int eventLoops = Math.max(2, Runtime.getRuntime().availableProcessors());

        public Builder host(String value) {
            host = value;
            return this;
        }

        /** 0, the default, takes an ephemeral port. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder users(int value) {
            users = value;
            return this;
        }

        public Builder latency(Duration value) {
            latency = value;
            return this;
        }

        public Builder eventLoops(int value) {
            eventLoops = value;
            return this;
        }

        public ShopBackend start() {
            ShopState state = new ShopState(ShopData.generate(seed, users), latency);
            AtomicInteger connections = new AtomicInteger();
            AtomicReference<PaymentServiceControl> paymentService = new AtomicReference<>();
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
            try {
                // One server per event loop, all on one port: Vert.x binds the socket once and hands
                // connections round-robin to the servers. A negative port asks for an ephemeral port
                // that all instances of the deployment share (port 0 would give each its own).
                // Deploying them also starts every event-loop thread now, not in the middle of a test.
                int requested = port == 0 ? -1 : port;
                List<ShopVerticle> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
                await(vertx.deployVerticle(() -> {
                    ShopVerticle server = new ShopVerticle(state, connections, paymentService, host, requested);
                    servers.add(server);
                    return server;
                }, new DeploymentOptions().setInstances(eventLoops)));
                int bound = servers.get(0).boundPort;
                return new ShopBackend(vertx, state, latency, connections, paymentService, host, bound);
            } catch (RuntimeException e) {
                vertx.close();
                throw e;
            }
        }
    }

    private static final class ShopVerticle extends VerticleBase {
        private final ShopState state;
        private final AtomicInteger connections;
        private final AtomicReference<PaymentServiceControl> paymentService;
        private final String host;
        private final int port;
        private volatile int boundPort;

        ShopVerticle(ShopState state, AtomicInteger connections, AtomicReference<PaymentServiceControl> paymentService,
                String host, int port) {
            this.state = state;
            this.connections = connections;
            this.paymentService = paymentService;
            this.host = host;
            this.port = port;
        }

        @Override
        public Future<?> start() {
            // Without h2c, Vert.x hands over each connection as soon as it is accepted. With it (the
            // default), a connection waits unseen until its first bytes tell HTTP/1 from HTTP/2: a
            // client that connects and never sends (a connect racing its close) would not be counted.
            HttpServerOptions options = new HttpServerOptions().setAcceptBacklog(4096).setHttp2ClearTextEnabled(false);
            return vertx.createHttpServer(options)
                    .connectionHandler(connection -> {
                        connections.incrementAndGet();
                        connection.closeHandler(closed -> connections.decrementAndGet());
                    })
                    .requestHandler(new ShopHandler(vertx, state, paymentService::get))
                    .listen(port, host)
                    .onSuccess(server -> boundPort = server.actualPort());
        }
    }
}
