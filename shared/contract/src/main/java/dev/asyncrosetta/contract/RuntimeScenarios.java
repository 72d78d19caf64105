package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.Outcomes.receipt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** C17-C19: what the style does to the JVM it runs in: blocking, threads, connections. */
public interface RuntimeScenarios extends WorkflowScenarios, FanOutScenarios {
    int LOAD_CHECKOUTS = 2_000;

    @Test
    @Order(17)
    @DisplayName("C17 no blocking on non-blocking threads")
    default void C17_noBlocking() {
        BlockingCalls.watch(nonBlockingThreads());

        C1_happyPath();
        shop().ledger().clear();
        C10_boundedFanOut();

        assertThat(BlockingCalls.seen()).as("blocking calls on non-blocking threads").isEmpty();
    }

    @Test
    @Order(18)
    @DisplayName("C18 load")
    default void C18_load() throws Exception {
        shop().latency(Duration.ofMillis(20));
        CheckoutPolicy policy = BASE.withCallTimeout(Duration.ofSeconds(10)).withDeadline(Duration.ofSeconds(60));
        // Users with one or two open orders: thousands of checkouts in flight, not thousands of connections each.
        List<User> users = shop().data().payingUsers(n -> n >= 1 && n <= 2);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        CheckoutService service = open(policy);

        List<String> requestIds = IntStream.range(0, LOAD_CHECKOUTS).mapToObj(i -> newRequestId("c18")).toList();
        List<CompletableFuture<Receipt>> checkouts = IntStream.range(0, LOAD_CHECKOUTS)
                .mapToObj(i -> service.checkout(new CheckoutRequest(users.get(i % users.size()).id(), requestIds.get(i))))
                .toList();
        CompletableFuture.allOf(checkouts.stream().map(f -> f.exceptionally(failure -> null)).toArray(CompletableFuture[]::new))
                .get(90, TimeUnit.SECONDS);
        int extraThreads = threads.getPeakThreadCount() - before;

        assertThat(checkouts.stream().filter(CompletableFuture::isCompletedExceptionally).map(Outcomes::cause).limit(5))
                .as("failed checkouts (first five)").isEmpty();
        Map<String, Long> chargesPerRequest = shop().ledger().charges().stream()
                .collect(Collectors.groupingBy(Charge::requestId, Collectors.counting()));
        assertThat(chargesPerRequest).as("exactly one charge per checkout")
                .containsOnlyKeys(requestIds)
                .allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        assertThat(extraThreads).as("live threads the style added under load").isLessThanOrEqualTo(threadBound());
    }

    @Test
    @Order(19)
    @DisplayName("C19 clean close")
    default void C19_cleanClose() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        CheckoutService service = open(BASE);
        User user = shop().data().userWithOpenOrders(3, 6);
        receipt(service.checkout(new CheckoutRequest(user.id(), newRequestId("c19"))));

        service.close();

        // JDK 17's HttpClient has no close(): its selector thread and connections go when it is
        // collected, so the wait nudges the collector; on 21+ close() ends them directly.
        Supplier<List<String>> leftovers = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .map(Thread::getName).toList();
        Waits.until(Duration.ofSeconds(10), () -> {
            System.gc();
            return leftovers.get().isEmpty() && shop().openConnections() == 0;
        }, () -> "threads still alive: " + leftovers.get() + ", connections open: " + shop().openConnections());
    }
}
