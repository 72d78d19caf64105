package dev.asyncrosetta.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Charge;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopBackend;
import dev.asyncrosetta.contract.Waits;
import dev.asyncrosetta.model.CheckoutException;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.CheckoutRequest;
import dev.asyncrosetta.model.CheckoutService;
import dev.asyncrosetta.model.CheckoutStyle;
import dev.asyncrosetta.model.DownstreamException;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Many checkouts on one service, {@value #IN_FLIGHT} in flight at any moment, with a fault on the
 * first attempt of about {@value #FAULT_PERCENT}% of calls. Nothing about timing is asserted, only
 * what must hold however the load plays out: every future completes, exactly once; the shop charged
 * exactly the checkouts that returned a paid Receipt, each once, and the Receipt shows that charge;
 * no checkout failed that its faults do not explain; and close() leaves no thread and no connection.
 */
final class Soak {
    static final int IN_FLIGHT = 256;
    private static final String VIRTUAL_THREAD_CARRIER = "jdk.internal.misc.CarrierThread";
    static final int FAULT_PERCENT = 7;
    /**
     * Patient enough that only the injected hangs and lost answers time out, even on a 2-core machine
     * busy with other builds: a fault-free call has four attempts of 3 s each to get through, so a
     * payment that was charged is always answered in the end and charges match Receipts exactly. (At
     * 1 s, with the machine's load at 9-13, some styles ran out of attempts on fault-free calls.) Each
     * injected hang costs its checkout callTimeout, which is most of the soak's time.
     */
    static final CheckoutPolicy POLICY = new CheckoutPolicy(Duration.ofSeconds(3), Duration.ofSeconds(120), 4, Duration.ofMillis(20), 4);

    /** The faults a call may get on its first attempt. */
    enum Injected {
        SERVER_ERROR(Fault.status(503)),
        RESET(Fault.reset()),
        LATENCY(Fault.delay(Duration.ofMillis(30))),
        HANG(Fault.hang()),
        LOST_ANSWER(Fault.delay(POLICY.callTimeout().plusMillis(500))),
        MALFORMED(Fault.badJson()),
        DECLINED(Fault.status(402));

        final Fault fault;

        Injected(Fault fault) {
            this.fault = fault;
        }

        /** Whether the checkout must fail because of it; the others are retried away. */
        boolean fails() {
            return this == MALFORMED || this == DECLINED;
        }
    }

    /** A call a checkout will make: its route and the user or order in its path. */
    private record CallSite(Route route, String resourceId) {}

    /** One checkout of the soak, with the faults its calls will meet. */
    private record Planned(String requestId, User user, List<FaultRule> faults, boolean mustSucceed) {}

    private final CheckoutStyle style;
    private final int checkouts;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    Soak(CheckoutStyle style, int checkouts) {
        this.style = style;
        this.checkouts = checkouts;
    }

    void run() throws InterruptedException {
        long started = System.nanoTime();
        // First, so the report names the style even if the soak fails.
        System.out.printf("soak %s: %d checkouts, %d in flight%n", style.name(), checkouts, IN_FLIGHT);
        try (ShopBackend shop = ShopBackend.start()) {
            List<Planned> plan = plan(shop, new Random(checkouts));
            warmUp(shop);
            long warmedUp = System.nanoTime();
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            CheckoutService service = style.open(shop.baseUri(), POLICY);
            String summary;
            long ran;
            try {
                Results results = runAll(service, shop, plan);
                ran = System.nanoTime();
                Waits.until(Duration.ofSeconds(30), () -> shop.ledger().inFlight() == 0,
                        () -> shop.ledger().inFlight() + " calls still in flight after every checkout completed");
                summary = check(plan, results, shop);
            } finally {
                service.close();
            }
            assertNothingLeft(shop, before);
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "soak %s: %s; warm-up %.1f s, checkouts %.1f s, checks and close %.1f s%n", style.name(), summary,
                    (warmedUp - started) / 1e9, (ran - warmedUp) / 1e9, (now - ran) / 1e9);
        }
    }

    /**
     * A first, small round on a service of its own, closed before the soak: it pays for what a
     * library or the JDK starts once per JVM on first use (a global scheduler's housekeeping thread,
     * the virtual-thread scheduler), so the leak check sees only what the soak's service started.
     */
    private void warmUp(ShopBackend shop) throws InterruptedException {
        String warmUp = "warm-up-" + run;
        shop.addFault(FaultRule.on(Route.USER, Fault.status(503)).forRequest(warmUp + "-0").onAttempt(1));
        shop.addFault(FaultRule.on(Route.DETAILS, Fault.hang()).forRequest(warmUp + "-1").onAttempt(1));
        // A short callTimeout: the hang costs the warm-up little and still takes the timeout path.
        try (CheckoutService service = style.open(shop.baseUri(), POLICY.withCallTimeout(Duration.ofMillis(200)))) {
            List<CompletableFuture<Receipt>> round = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                round.add(service.checkout(new CheckoutRequest(shop.data().userWithOpenOrders(2, 6).id(), warmUp + "-" + i)));
            }
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).exceptionally(failure -> null)
                    .get(POLICY.deadline().toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(style.name() + " failed its warm-up round", e);
        } finally {
            shop.reset();
        }
    }

    /** Who checks out, and which of their calls fail on the first attempt. */
    private List<Planned> plan(ShopBackend shop, Random random) {
        List<User> users = shop.data().users();
        List<Planned> plan = new ArrayList<>(checkouts);
        for (int i = 0; i < checkouts; i++) {
            User user = users.get(random.nextInt(users.size()));
            String requestId = "soak-" + run + "-" + i;
            List<Order> open = shop.data().openOrders(user.id());
            List<FaultRule> faults = new ArrayList<>();
            boolean mustSucceed = !(shop.data().isDeclining(user.id()) && !open.isEmpty());
            List<CallSite> calls = new ArrayList<>();
            calls.add(new CallSite(Route.USER, user.id()));
            calls.add(new CallSite(Route.ORDERS, user.id()));
            open.forEach(order -> calls.add(new CallSite(Route.DETAILS, order.id())));
            if (!open.isEmpty()) calls.add(new CallSite(Route.PAYMENT, null));
            for (CallSite call : calls) {
                if (random.nextInt(100) >= FAULT_PERCENT) continue;
                Injected injected = Injected.values()[random.nextInt(Injected.values().length)];
                if (injected == Injected.DECLINED && call.route() != Route.PAYMENT) injected = Injected.SERVER_ERROR;
                faults.add(new FaultRule(call.route(), call.resourceId(), requestId, 1, 1, injected.fault));
                mustSucceed &= !injected.fails();
            }
            plan.add(new Planned(requestId, user, faults, mustSucceed));
        }
        return plan;
    }

    private static final class Results {
        final AtomicIntegerArray completions;
        final AtomicReferenceArray<Object> outcomes;
        final AtomicInteger peakInFlight = new AtomicInteger();

        Results(int size) {
            completions = new AtomicIntegerArray(size);
            outcomes = new AtomicReferenceArray<>(size);
        }
    }

    /** Keeps {@value #IN_FLIGHT} checkouts in flight: each one that completes lets the next one start. */
    private Results runAll(CheckoutService service, ShopBackend shop, List<Planned> plan) throws InterruptedException {
        Results results = new Results(plan.size());
        Semaphore window = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(plan.size());
        AtomicInteger inFlight = new AtomicInteger();
        for (int i = 0; i < plan.size(); i++) {
            window.acquire();
            Planned checkout = plan.get(i);
            checkout.faults().forEach(shop::addFault);
            results.peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int index = i;
            CompletableFuture<Receipt> future = service.checkout(new CheckoutRequest(checkout.user().id(), checkout.requestId()));
            future.whenComplete((receipt, failure) -> {
                results.completions.incrementAndGet(index);
                results.outcomes.set(index, failure == null ? receipt : unwrap(failure));
                inFlight.decrementAndGet();
                window.release();
                done.countDown();
            });
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            List<String> pending = new ArrayList<>();
            for (int i = 0; i < plan.size() && pending.size() < 5; i++) {
                if (results.completions.get(i) == 0) pending.add(plan.get(i).requestId());
            }
            throw new AssertionError(done.getCount() + " checkouts never completed, e.g. " + pending);
        }
        return results;
    }

    private String check(List<Planned> plan, Results results, ShopBackend shop) {
        Map<String, List<Charge>> chargesByRequest = shop.ledger().charges().stream().collect(Collectors.groupingBy(Charge::requestId));
        Map<String, Long> chargesByKey = shop.ledger().charges().stream()
                .collect(Collectors.groupingBy(Charge::idempotencyKey, Collectors.counting()));
        Map<String, Integer> outcomes = new TreeMap<>(Comparator.comparing((String kind) -> !kind.equals("paid")).thenComparing(kind -> kind));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Planned checkout = plan.get(i);
            Object outcome = results.outcomes.get(i);
            if (results.completions.get(i) != 1) {
                problems.add(checkout.requestId() + " completed " + results.completions.get(i) + " times");
            }
            List<Charge> charges = chargesByRequest.getOrDefault(checkout.requestId(), List.of());
            outcomes.merge(kindOf(outcome), 1, Integer::sum);
            if (outcome instanceof Receipt receipt) {
                int expected = receipt.payment().isPresent() ? 1 : 0;
                if (charges.size() != expected) {
                    problems.add(checkout.requestId() + " returned a Receipt " + (expected == 1 ? "with" : "without")
                            + " a payment, and the shop charged it " + charges.size() + " times");
                } else if (expected == 1 && !receipt.payment().get().equals(charges.get(0).payment())) {
                    problems.add(checkout.requestId() + "'s Receipt shows " + receipt.payment().get() + " but the shop charged " + charges.get(0).payment());
                }
            } else {
                Throwable failure = (Throwable) outcome;
                if (!charges.isEmpty()) problems.add(checkout.requestId() + " failed with " + failure + " but was charged");
                if (!(failure instanceof CheckoutException)) problems.add(checkout.requestId() + " failed outside the contract: " + failure);
                if (checkout.mustSucceed()) {
                    problems.add(checkout.requestId() + " failed with " + failure + ", but its faults " + checkout.faults() + " are all retried away");
                }
            }
        }
        chargesByKey.forEach((key, count) -> {
            if (count > 1) problems.add("Idempotency-Key " + key + " charged " + count + " times");
        });
        assertThat(problems.stream().limit(10).toList()).as(problems.size() + " problems, the first ten").isEmpty();

        int faults = plan.stream().mapToInt(p -> p.faults().size()).sum();
        int calls = shop.ledger().calls().size();
        assertThat(results.peakInFlight.get()).as("checkouts in flight at once").isGreaterThanOrEqualTo(Math.min(200, plan.size()));
        return plan.size() + " checkouts, " + results.peakInFlight.get() + " in flight at most, faults on " + faults + " of " + calls
                + " calls (" + Math.round(100.0 * faults / calls) + "%): " + outcomes.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /**
     * C19's check after a long run: the threads the style started are gone and no connection stays
     * open. Workers of the JDK's own pools (the common pool, the carriers of virtual threads) are not
     * the style's to stop: they come and go with the load and idle out by themselves.
     */
    private static void assertNothingLeft(ShopBackend shop, Set<Thread> before) {
        Supplier<List<String>> leftovers = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive() && !workerOfTheJdk(thread))
                .map(Thread::getName).toList();
        Waits.until(Duration.ofSeconds(15), () -> {
            System.gc(); // JDK 17's HttpClient lets its selector thread go only once collected
            return leftovers.get().isEmpty() && shop.openConnections() == 0;
        }, () -> "after close(): threads still alive: " + leftovers.get() + ", connections open: " + shop.openConnections());
    }

    private static String kindOf(Object outcome) {
        if (outcome instanceof Receipt receipt) return receipt.payment().isPresent() ? "paid" : "nothing to pay";
        if (outcome instanceof DownstreamException downstream) return downstream.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return outcome.getClass().getSimpleName();
    }

    private static boolean workerOfTheJdk(Thread thread) {
        return thread instanceof ForkJoinWorkerThread worker
                && (worker.getPool() == ForkJoinPool.commonPool() || worker.getClass().getName().equals(VIRTUAL_THREAD_CARRIER));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
