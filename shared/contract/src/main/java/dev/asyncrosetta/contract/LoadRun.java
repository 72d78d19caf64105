package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * C18's and M9's load: every checkout asked for at once, round robin over the users, and the peak of
 * live threads the style added meanwhile (counted from before the service opens, so its own start-up
 * counts too).
 */
record LoadRun(List<CompletableFuture<Receipt>> checkouts, int extraThreads) {

    static LoadRun of(Supplier<CheckoutService> open, List<User> users, List<String> requestIds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        CheckoutService service = open.get();
        List<CompletableFuture<Receipt>> checkouts = IntStream.range(0, requestIds.size())
                .mapToObj(i -> service.checkout(new CheckoutRequest(users.get(i % users.size()).id(), requestIds.get(i))))
                .toList();
        CompletableFuture.allOf(checkouts.stream().map(f -> f.exceptionally(failure -> null)).toArray(CompletableFuture[]::new))
                .get(90, TimeUnit.SECONDS);
        return new LoadRun(checkouts, threads.getPeakThreadCount() - before);
    }

    void assertNoneFailed() {
        assertThat(checkouts.stream().filter(CompletableFuture::isCompletedExceptionally).map(Outcomes::cause).limit(5))
                .as("failed checkouts (first five)").isEmpty();
    }
}
