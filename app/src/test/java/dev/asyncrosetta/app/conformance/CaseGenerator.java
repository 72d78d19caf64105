package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.User;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random cases with one right answer each. Everything is drawn as plain small values (which user,
 * which route, which attempts, which fault), so jqwik shrinks a failing case towards fewer rules,
 * earlier routes, fewer attempts and the simplest faults; {@link NominalRun} then turns the values
 * into a case and keeps it only if its answer cannot depend on timing.
 *
 * <p>The timings are small so that faults cost little: callTimeout 300-600 ms, backoff 10-40 ms,
 * 1-4 attempts, 1-8 detail calls at once. (With every style running side by side on 2 busy cores,
 * fault-free calls can take over 200 ms: at callTimeout 150 ms, 11 of 25 fault-free fan-outs of 12
 * orders saw a spurious timeout in some style; at 300 ms, none of 25. The rare one left does not
 * repeat, see {@link Differential#assertAllAgree}.) Delays are either clearly shorter than
 * callTimeout (latency, at most 40 ms) or clearly longer (a lost answer: callTimeout + 300 ms). The
 * deadline is either out of reach (10 s, and a case may take at most {@link #MAX_CASE_MILLIS} on the
 * nominal clock), or put in the middle of a quiet stretch of the nominal run, where no call starts
 * or ends.
 */
final class CaseGenerator {
    static final Duration OUT_OF_REACH = Duration.ofSeconds(10);
    static final long MAX_CASE_MILLIS = 2_500;

    /** The kinds of users the seeded shop has; the first is what shrinking heads for. */
    enum UserKind { FEW_ORDERS, NO_ORDERS, MANY_ORDERS, DECLINING_CARD, UNKNOWN }

    /** The faults the issue lists, cheapest first, so shrinking prefers them. */
    enum FaultKind { LATENCY, SERVER_ERROR, RESET, MALFORMED, CLIENT_ERROR, DECLINED, HANG, LOST_ANSWER }

    /** A fault rule as drawn: {@code span} 0 means "from then on". */
    record RawRule(Route route, boolean oneOrder, int orderPick, int from, int span, FaultKind kind, int variant) {}

    record RawCase(UserKind userKind, int userPick, int callTimeoutMs, int maxAttempts, int backoffMs, int concurrency,
            Optional<Integer> deadlinePick, List<RawRule> rules) {}

    private final ShopData data;

    CaseGenerator(ShopData data) {
        this.data = data;
    }

    Arbitrary<Case> cases() {
        return raw().map(this::plan).filter(Optional::isPresent).map(Optional::get);
    }

    Arbitrary<RawCase> raw() {
        // Mostly users with a few orders: every step runs and the fan-out has siblings.
        Arbitrary<UserKind> userKind = Arbitraries.frequency(
                Tuple.of(50, UserKind.FEW_ORDERS), Tuple.of(10, UserKind.NO_ORDERS), Tuple.of(20, UserKind.MANY_ORDERS),
                Tuple.of(12, UserKind.DECLINING_CARD), Tuple.of(8, UserKind.UNKNOWN));
        Arbitrary<Integer> userPick = Arbitraries.integers().between(0, 9);
        Arbitrary<Integer> callTimeout = Arbitraries.integers().between(30, 60).map(tens -> tens * 10);
        Arbitrary<Integer> attempts = Arbitraries.integers().between(1, 4);
        Arbitrary<Integer> backoff = Arbitraries.integers().between(1, 4).map(tens -> tens * 10);
        Arbitrary<Integer> concurrency = Arbitraries.integers().between(1, 8);
        // A deadline that comes during the checkout, in half the cases that have a quiet moment for it.
        Arbitrary<Optional<Integer>> deadline = Arbitraries.integers().between(0, 99).optional(0.5);
        Arbitrary<List<RawRule>> rules = rule().list().ofMaxSize(4).withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(userKind, userPick, callTimeout, attempts, backoff, concurrency, deadline, rules)
                .as(RawCase::new);
    }

    private Arbitrary<RawRule> rule() {
        return Combinators.combine(
                        // The fan-out and the payment have the most ways to go wrong.
                        Arbitraries.frequency(Tuple.of(15, Route.USER), Tuple.of(15, Route.ORDERS), Tuple.of(40, Route.DETAILS),
                                Tuple.of(30, Route.PAYMENT)),
                        Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 19),
                        // Mostly from the first attempt, so that most rules meet a call.
                        Arbitraries.frequency(Tuple.of(60, 1), Tuple.of(25, 2), Tuple.of(10, 3), Tuple.of(5, 4)),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(FaultKind.class),
                        Arbitraries.integers().between(0, 3))
                .as(RawRule::new);
    }

    /** The case these values describe, if it has one right answer and is short enough. */
    Optional<Case> plan(RawCase raw) {
        String userId = pickUser(raw.userKind(), raw.userPick());
        List<Order> open = data.hasUser(userId) ? data.openOrders(userId) : List.of();
        CheckoutPolicy policy = new CheckoutPolicy(Duration.ofMillis(raw.callTimeoutMs()), OUT_OF_REACH, raw.maxAttempts(),
                Duration.ofMillis(raw.backoffMs()), raw.concurrency());
        // Rules for one order come before rules for the whole route: the shop applies the first that matches.
        List<FaultRule> rules = raw.rules().stream()
                .sorted(Comparator.comparing(r -> !(r.oneOrder() && r.route() == Route.DETAILS)))
                .map(r -> rule(r, open, policy))
                .toList();
        Case aCase = new Case(userId, open.size(), policy, rules);
        NominalRun played = NominalRun.withoutDeadline(data, aCase);
        if (raw.deadlinePick().isPresent()) {
            List<Long> quiet = played.quietMoments().stream().filter(m -> m < played.end()).toList();
            if (!quiet.isEmpty()) {
                long deadline = quiet.get(raw.deadlinePick().get() * quiet.size() / 100);
                aCase = aCase.withDeadline(Duration.ofMillis(deadline));
            }
        }
        Optional<NominalRun.Prediction> prediction = played.withDeadline(aCase.policy().deadline().toMillis());
        if (prediction.isEmpty() || prediction.get().millis() > MAX_CASE_MILLIS) return Optional.empty();
        return Optional.of(aCase);
    }

    private FaultRule rule(RawRule raw, List<Order> open, CheckoutPolicy policy) {
        FaultRule rule = FaultRule.on(raw.route(), fault(raw.kind(), raw.variant(), policy))
                .onAttempts(raw.from(), raw.span() == 0 ? Integer.MAX_VALUE : raw.from() + raw.span() - 1);
        if (raw.route() == Route.DETAILS && raw.oneOrder() && !open.isEmpty()) {
            rule = rule.forResource(open.get(raw.orderPick() % open.size()).id());
        }
        return rule;
    }

    static Fault fault(FaultKind kind, int variant, CheckoutPolicy policy) {
        return switch (kind) {
            case LATENCY -> new Fault.Delay(Duration.ofMillis(10 + 10L * variant));
            case SERVER_ERROR -> new Fault.Status(new int[] {503, 500, 502, 504}[variant]);
            case RESET -> new Fault.Reset();
            case MALFORMED -> new Fault.Malformed(variant % 2 == 1);
            case CLIENT_ERROR -> new Fault.Status(new int[] {404, 400, 409, 429}[variant]);
            case DECLINED -> new Fault.Status(402);
            case HANG -> new Fault.Hang();
            // The shop does the work (a payment charges) but answers after the client gave up.
            case LOST_ANSWER -> new Fault.Delay(policy.callTimeout().plusMillis(300));
        };
    }

    private String pickUser(UserKind kind, int pick) {
        List<User> users = switch (kind) {
            case FEW_ORDERS -> data.payingUsers(n -> n >= 1 && n <= 6);
            case NO_ORDERS -> data.payingUsers(n -> n == 0);
            case MANY_ORDERS -> data.payingUsers(n -> n >= 12);
            case DECLINING_CARD -> data.users().stream()
                    .filter(u -> data.isDeclining(u.id()) && !data.openOrders(u.id()).isEmpty()).toList();
            case UNKNOWN -> List.of();
        };
        return users.isEmpty() ? "nobody-" + pick : users.get(pick % users.size()).id();
    }
}
