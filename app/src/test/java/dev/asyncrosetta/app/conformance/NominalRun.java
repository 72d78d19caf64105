package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Fault;
import dev.asyncrosetta.backend.FaultRule;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.backend.ShopData;
import dev.asyncrosetta.model.CallFailure;
import dev.asyncrosetta.model.CheckoutPolicy;
import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.User;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A case played out on a nominal clock, where the shop answers in {@value #ANSWER_MS} ms, a call that
 * gets no answer ends at exactly callTimeout and backoffs last exactly as long as the policy says.
 * It serves two purposes:
 *
 * <ul>
 *   <li>It refuses cases without ONE right answer. On a real, loaded machine every event drifts by
 *       some milliseconds; that is harmless unless two events whose order decides the outcome fall
 *       close together: a delay near callTimeout, a deadline near a call starting or ending, a
 *       sibling detail call starting or answering just as another detail call's failure decides
 *       the checkout, or which orders' calls start first when only some can. A case is kept only if
 *       every such pair is at least a margin apart, so any correct style, however it schedules its
 *       work, must produce the same observation.</li>
 *   <li>It predicts that observation. The property does not assert it (the styles are checked
 *       against each other), but it names the odd one out when styles disagree, and the
 *       prediction's duration lets the generator keep every case short.</li>
 * </ul>
 */
final class NominalRun {
    /** A call the shop answers at once, as the nominal clock counts it. */
    static final long ANSWER_MS = 5;
    /** The least gap between sibling detail calls' events and the moment a failure decides the fan-out. */
    static final long SIBLING_MARGIN_MS = 100;
    /** The least gap between the deadline and any call's start or end, before drift... */
    static final long MARGIN_MS = 100;
    /** ...plus this much per call made before: each real call costs a few ms the nominal clock does not count... */
    static final long DRIFT_PER_CALL_MS = 5;
    /** ...and this much more per call that timed out: on a busy machine a timer fires late, and the retry with it. */
    static final long DRIFT_PER_TIMEOUT_MS = 20;
    /** A delay this close to callTimeout could end either way. */
    static final long DELAY_MARGIN_MS = 100;

    private static final String REQUEST = Observation.BLANK;

    /** One attempt of one call, as the shop's ledger would record it. */
    record Attempt(Route route, String resourceId, long start, long end, Ending ending, boolean timedOut, boolean charges) {}

    private record Path(List<Attempt> attempts, long end, Observation.Failure failure) {
        boolean failed() {
            return failure != null;
        }
    }

    private final ShopData data;
    private final Case aCase;
    private final CheckoutPolicy policy;
    private final List<Attempt> attempts = new ArrayList<>();
    private boolean paymentCaptured;
    private Object outcome;
    private long end;
    private String ambiguity;
    /** A race in the details fan-out only matters if the fan-out, not the deadline, decides the checkout. */
    private String fanOutRace;
    /** When the fan-out ran, and whether which orders start first changes what a cut in between leaves. */
    private long fanOutStart = -1;
    private long fanOutEnd = -1;
    private boolean fanOutOrderMatters;

    private NominalRun(ShopData data, Case aCase) {
        this.data = data;
        this.aCase = aCase;
        this.policy = aCase.policy();
    }

    /** The case played out without its deadline: what would happen if the deadline never came. */
    static NominalRun withoutDeadline(ShopData data, Case aCase) {
        NominalRun run = new NominalRun(data, aCase);
        run.play();
        return run;
    }

    /** What every style must observe on this case, or empty when the case has no single right answer. */
    static Optional<Prediction> predict(ShopData data, Case aCase) {
        return withoutDeadline(data, aCase).withDeadline(aCase.policy().deadline().toMillis());
    }

    /** The observation every style must make, and how long the checkout takes on the nominal clock. */
    record Prediction(Observation observation, long millis) {}

    /** When nothing happens for a while, so a deadline there cannot race anything: each gap's middle. */
    List<Long> quietMoments() {
        TreeSet<Long> events = new TreeSet<>();
        events.add(0L);
        for (Attempt attempt : attempts) {
            events.add(attempt.start());
            events.add(attempt.end());
        }
        events.add(end);
        List<Long> moments = new ArrayList<>();
        Long previous = null;
        for (long event : events) {
            if (previous != null) {
                long middle = (previous + event) / 2;
                if (event - previous >= 2 * margin(middle)) moments.add(middle / 10 * 10);
            }
            previous = event;
        }
        return moments;
    }

    long end() {
        return end;
    }

    Optional<Prediction> withDeadline(long deadline) {
        if (ambiguity != null) return Optional.empty();
        long margin = margin(deadline);
        if (deadline >= end + margin) {
            // The deadline never comes: the checkout ends as played.
            if (fanOutRace != null) return Optional.empty();
            return Optional.of(new Prediction(observation(outcome, Long.MAX_VALUE), end));
        }
        if (deadline > end - margin) return Optional.empty(); // the deadline races the outcome
        for (Attempt attempt : attempts) {
            if (Math.abs(attempt.start() - deadline) < margin || Math.abs(attempt.end() - deadline) < margin) {
                return Optional.empty(); // a call starts or ends about when the deadline comes
            }
        }
        if (fanOutOrderMatters && deadline > fanOutStart && deadline < fanOutEnd) {
            return Optional.empty(); // which orders' calls had started by the deadline is up to the style
        }
        return Optional.of(new Prediction(observation(new Observation.Failure("DeadlineExceededException", null, null, 0), deadline),
                deadline));
    }

    /** Drift grows with every call made before the moment, and more with every timeout. */
    private long margin(long moment) {
        long callsBefore = attempts.stream().filter(a -> a.start() < moment).count();
        long timeoutsBefore = attempts.stream().filter(a -> a.timedOut() && a.end() < moment).count();
        return MARGIN_MS + DRIFT_PER_CALL_MS * callsBefore + DRIFT_PER_TIMEOUT_MS * timeoutsBefore;
    }

    private Observation observation(Object outcome, long cut) {
        List<Call> calls = new ArrayList<>();
        int charges = 0;
        for (Attempt attempt : attempts) {
            if (attempt.start() >= cut) continue;
            // In flight when the checkout ended: the style aborts it.
            Ending ending = attempt.end() > cut ? Ending.ABORTED_BY_CLIENT : attempt.ending();
            calls.add(new Call(0, REQUEST, attempt.route(), attempt.resourceId(), 0, null, attempt.start(), attempt.end(), ending, 0, null, null));
            if (attempt.charges()) charges++;
        }
        return new Observation(outcome, charges, Observation.endings(calls), true);
    }

    private void play() {
        String userId = aCase.userId();
        Path user = step(Route.USER, userId, 0);
        if (user.failed()) {
            finish(user.failure(), user.end());
            return;
        }
        Path orders = step(Route.ORDERS, userId, user.end());
        if (orders.failed()) {
            finish(orders.failure(), orders.end());
            return;
        }
        User found = data.user(userId);
        List<Order> open = data.openOrders(userId);
        if (open.isEmpty()) {
            finish(Receipt.nothingToPay(REQUEST, found), orders.end());
            return;
        }
        long detailsEnd = details(open, orders.end());
        if (detailsEnd < 0) return; // a detail call failed and decided the checkout
        Path payment = step(Route.PAYMENT, null, detailsEnd);
        if (payment.failed()) {
            finish(payment.failure(), payment.end());
            return;
        }
        List<OrderDetails> details = open.stream().map(o -> data.details(o.id())).toList();
        Payment paid = new Payment(REQUEST, userId, Receipt.totalOf(details), open.stream().map(Order::id).toList(), Payment.CAPTURED);
        finish(Receipt.paid(REQUEST, found, open, details, paid), payment.end());
    }

    private void finish(Object outcome, long at) {
        this.outcome = outcome;
        this.end = at;
    }

    /**
     * The fan-out: at most detailsConcurrency paths at once, the next order starting when a path
     * succeeds (a failed path never frees its slot: the checkout is decided). Returns when the last
     * detail arrived, or -1 when a failure decided the checkout.
     */
    private long details(List<Order> open, long start) {
        int slotsCount = Math.min(policy.detailsConcurrency(), open.size());
        PriorityQueue<Long> slots = new PriorityQueue<>();
        for (int i = 0; i < slotsCount; i++) slots.add(start);
        List<Path> paths = new ArrayList<>();
        for (Order order : open) {
            long free = slots.poll();
            if (free == Long.MAX_VALUE) break; // every slot is held by a failed path: no further order starts
            Path path = path(Route.DETAILS, order.id(), free);
            paths.add(path);
            slots.add(path.failed() ? Long.MAX_VALUE : path.end());
        }
        fanOutStart = start;
        fanOutOrderMatters = open.size() > slotsCount && !allAlike(open);
        Path decider = paths.stream().filter(Path::failed).min(Comparator.comparingLong(Path::end)).orElse(null);
        if (decider == null) {
            paths.forEach(p -> attempts.addAll(p.attempts()));
            fanOutEnd = paths.stream().mapToLong(Path::end).max().orElseThrow();
            return fanOutEnd;
        }
        long decision = decider.end();
        fanOutEnd = decision;
        if (fanOutOrderMatters) {
            fanOutRace = "which orders start first is up to the style";
        }
        for (Path sibling : paths) {
            if (sibling == decider) continue;
            for (Attempt attempt : sibling.attempts()) {
                boolean startsNear = Math.abs(attempt.start() - decision) < SIBLING_MARGIN_MS;
                // A call that times out then is aborted either way; one that answers then may or may not be.
                boolean answersNear = !attempt.timedOut() && Math.abs(attempt.end() - decision) < SIBLING_MARGIN_MS;
                if (startsNear || answersNear) fanOutRace = "a sibling detail call starts or ends as the failure decides";
            }
            if (sibling.failed() && Math.abs(sibling.end() - decision) < SIBLING_MARGIN_MS && !sibling.failure().equals(decider.failure())) {
                fanOutRace = "two detail calls fail differently at about the same time";
            }
        }
        for (Path path : paths) {
            for (Attempt attempt : path.attempts()) {
                if (attempt.start() < decision) attempts.add(attempt);
            }
        }
        finish(decider.failure(), decision);
        return -1;
    }

    /** Whether every order's calls meet the same faults, so it does not matter which order starts first. */
    private boolean allAlike(List<Order> open) {
        List<List<Fault>> faults = open.stream()
                .map(order -> IntStream.rangeClosed(1, policy.maxAttempts()).mapToObj(a -> faultFor(Route.DETAILS, order.id(), a)).toList())
                .distinct().toList();
        return faults.size() == 1;
    }

    /** A step made of one call: its attempts all happen. */
    private Path step(Route route, String resourceId, long start) {
        Path path = path(route, resourceId, start);
        attempts.addAll(path.attempts());
        return path;
    }

    /** One call with its retries, as CheckoutPolicy and CallFailure say every style makes it. */
    private Path path(Route route, String resourceId, long start) {
        List<Attempt> made = new ArrayList<>();
        long now = start;
        for (int attempt = 1; ; attempt++) {
            Fault fault = faultFor(route, resourceId, attempt);
            Answer answer = answer(route, resourceId, fault);
            made.add(new Attempt(route, resourceId, now, now + answer.millis(), answer.ending(), answer.timedOut(), answer.charges()));
            now += answer.millis();
            CallFailure failure = answer.failure();
            if (failure == null) {
                return new Path(made, now, null);
            }
            if (!failure.isTransient() || attempt == policy.maxAttempts()) {
                return new Path(made, now, Observation.Failure.of(failure.toCheckoutException(route.step(), aCase.userId(), attempt)));
            }
            now += policy.backoffAfter(attempt).toMillis();
        }
    }

    private record Answer(long millis, Ending ending, boolean timedOut, boolean charges, CallFailure failure) {}

    /** What the shop does with one call (ShopHandler), and what the client makes of it. */
    private Answer answer(Route route, String resourceId, Fault fault) {
        long timeout = policy.callTimeout().toMillis();
        if (fault instanceof Fault.Hang) {
            return new Answer(timeout, Ending.ABORTED_BY_CLIENT, true, false, CallFailure.timeout(null));
        }
        if (fault instanceof Fault.Reset) {
            return new Answer(ANSWER_MS, Ending.RESET_BY_SERVER, false, false, CallFailure.connection(new Exception("reset")));
        }
        if (fault instanceof Fault.Malformed) {
            return new Answer(ANSWER_MS, Ending.ANSWERED, false, false, CallFailure.malformed(new Exception("malformed")));
        }
        if (fault instanceof Fault.Status status) {
            if (status.status() < 400) ambiguity = "a status fault below 400 is not a failure the contract defines";
            return new Answer(ANSWER_MS, Ending.ANSWERED, false, false, CallFailure.status(status.status()));
        }
        // No fault, or a delay: the shop does the work on arrival (a payment charges at once).
        long delay = fault instanceof Fault.Delay d ? d.delay().toMillis() : 0;
        boolean charges = false;
        CallFailure refusal = null;
        if (route == Route.USER && !data.hasUser(resourceId)) {
            refusal = CallFailure.status(404);
        } else if (route == Route.PAYMENT) {
            if (data.isDeclining(aCase.userId())) {
                refusal = CallFailure.status(402);
            } else {
                charges = !paymentCaptured;
                paymentCaptured = true;
            }
        }
        if (Math.abs(delay - timeout) < DELAY_MARGIN_MS) ambiguity = "a delay within " + DELAY_MARGIN_MS + " ms of callTimeout";
        if (delay >= timeout) {
            return new Answer(timeout, Ending.ABORTED_BY_CLIENT, true, charges, CallFailure.timeout(null));
        }
        return new Answer(delay + ANSWER_MS, Ending.ANSWERED, false, charges, refusal);
    }

    private Fault faultFor(Route route, String resourceId, int attempt) {
        // The shop's own rule: the first matching rule wins.
        for (FaultRule rule : aCase.faults()) {
            if (rule.matches(route, resourceId, REQUEST, attempt)) return rule.fault();
        }
        return null;
    }
}
