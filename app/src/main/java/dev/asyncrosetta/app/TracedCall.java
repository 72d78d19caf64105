package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.Step;
import java.util.Optional;

/**
 * One HTTP call of a checkout, seen from both ends when both are known: the style's client (which
 * thread started it, which handled its answer) and the shop's ledger (when it worked on it and how
 * the call ended there). A remote shop gives only the client's side; a call the client never
 * reported gives only the shop's.
 */
record TracedCall(Step step, String target, Optional<CallTrace.Call> client, Optional<Call> shop) {

    TracedCall {
        if (client.isEmpty() && shop.isEmpty()) throw new IllegalArgumentException("a call is seen from at least one end");
    }

    static TracedCall of(CallTrace.Call client, Call shop) {
        return new TracedCall(client.step(), client.target(), Optional.of(client), Optional.ofNullable(shop));
    }

    static TracedCall shopOnly(Call shop) {
        return new TracedCall(shop.route().step(), CallMatcher.pathOf(shop), Optional.empty(), Optional.of(shop));
    }

    long startNanos() {
        return client.map(CallTrace.Call::startNanos).orElseGet(() -> shop.orElseThrow().startNanos());
    }

    /** When the call ended, or {@code otherwise} while the shop still has it in flight. */
    long endNanos(long otherwise) {
        if (client.isPresent()) return client.get().endNanos();
        Call seen = shop.orElseThrow();
        return seen.ended() ? seen.endNanos() : Math.max(otherwise, seen.startNanos());
    }

    String startThread() {
        return client.map(CallTrace.Call::startThread).orElse("?");
    }

    String answerThread() {
        return client.map(CallTrace.Call::answerThread).orElse("?");
    }

    /** The client's word on how the call went (a status, TIMEOUT, ...), else the shop's. */
    String outcome() {
        if (client.isPresent()) {
            String outcome = client.get().outcome();
            return CallTrace.ABORTED.equals(outcome) ? "cancelled" : outcome;
        }
        Call seen = shop.orElseThrow();
        return switch (seen.ending()) {
            case ANSWERED -> String.valueOf(seen.status());
            case ABORTED_BY_CLIENT -> "aborted";
            case RESET_BY_SERVER -> "reset";
            case GARBLED_BY_SERVER -> "garbled";
            case IN_FLIGHT -> "in flight";
        };
    }

    /** A 2xx answer: anything else is drawn as a failed call. */
    boolean succeeded() {
        return outcome().matches("2\\d\\d");
    }

    boolean abortedByClient() {
        return shop.map(call -> call.ending() == Ending.ABORTED_BY_CLIENT).orElse(false);
    }

    boolean resetByShop() {
        return shop.map(call -> call.ending() == Ending.RESET_BY_SERVER).orElse(false);
    }
}
