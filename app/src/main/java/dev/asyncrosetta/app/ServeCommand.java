package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Durations;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.User;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The shop on its own, for curl and other clients, until Ctrl+C (or {@link #stop()}). It prints where
 * it listens and a few users worth trying.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the shop backend on its own until Ctrl+C, and prints where it listens and a few example users.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", converter = Converters.Port.class,
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 takes any free port).")
    private int port;

    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "0", converter = Converters.ShortDuration.class,
            description = "Added to every answer, e.g. 20ms (default: ${DEFAULT-VALUE}).")
    private Duration latency;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + ShopData.DEFAULT_SEED,
            description = "Seed of the shop's users, orders and prices; the same seed gives the same shop (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Spec
    private CommandSpec spec;

    private final CompletableFuture<URI> listening = new CompletableFuture<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() {
        ShopBackend shop;
        try {
            shop = start();
        } catch (RuntimeException e) {
            listening.completeExceptionally(e);
            throw e;
        }
        // Ctrl+C runs the hook; it waits until the shop is closed, or the JVM would halt halfway.
        Thread hook = new Thread(this::stopAndWait, "rosetta-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (shop) {
            printWelcome(shop);
            listening.complete(shop.baseUri());
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // The shop is closed by now; say so before the hook lets the JVM halt.
            spec.commandLine().getOut().println("shop stopped");
            spec.commandLine().getOut().flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
        return 0;
    }

    /** Where the shop listens, once it does; fails if it could not start. */
    CompletableFuture<URI> listening() {
        return listening;
    }

    /** Stops the shop; {@link #call()} then returns 0. */
    void stop() {
        stopRequested.countDown();
    }

    private void stopAndWait() {
        stop();
        try {
            stopped.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ShopBackend start() {
        try {
            return ShopBackend.builder().port(port).latency(latency).seed(seed).start();
        } catch (IllegalStateException e) {
            if (causedBy(e, BindException.class)) {
                throw new ParameterException(spec.commandLine(), "port " + port
                        + " is in use (choose another with --port, or --port 0 for any free port)");
            }
            throw e;
        }
    }

    private void printWelcome(ShopBackend shop) {
        PrintWriter out = spec.commandLine().getOut();
        URI uri = shop.baseUri();
        ShopData data = shop.data();
        out.printf("shop listening on %s (seed %d, %d users, latency %s)%n", uri, seed, data.users().size(),
                Durations.format(shop.latency()));
        out.println();
        out.println("example users:");
        example(out, data, KnownUsers.typical(data), "a few open orders");
        example(out, data, data.userWithoutOpenOrders(), "no open orders: nothing to pay");
        example(out, data, data.payingUsers(n -> n >= 12).get(0), "many open orders");
        example(out, data, data.decliningUser(), "a card that is always declined");
        User user = KnownUsers.typical(data);
        out.println();
        out.println("try:");
        out.printf("  curl %s/users/%s/orders%n", uri, user.id());
        out.printf("  curl -X POST --data 'details@1-2=503' %s/admin/faults%n", uri);
        out.printf("  curl -X DELETE %s/admin/faults%n", uri);
        String style = CheckoutStyle.all().stream().map(CheckoutStyle::name).findFirst().orElse("STYLE");
        out.printf("  rosetta checkout --style %s --user %s --shop %s --trace%n", style, user.id(), uri);
        out.println();
        out.println("stop with Ctrl+C");
        out.flush();
    }

    private static void example(PrintWriter out, ShopData data, User user, String what) {
        int open = data.openOrders(user.id()).size();
        out.printf("  %-8s %-20s %2d open %-6s  %s%n", user.id(), user.name(), open, open == 1 ? "order" : "orders", what);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) return true;
        }
        return false;
    }
}
