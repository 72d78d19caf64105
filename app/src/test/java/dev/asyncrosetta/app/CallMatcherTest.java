package dev.asyncrosetta.app;

import static dev.asyncrosetta.app.Calls.client;
import static dev.asyncrosetta.app.Calls.shop;
import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallMatcherTest {

    @Test
    void pairsEachClientCallWithTheShopsCallOnTheSamePathInOrder() {
        List<TracedCall> calls = CallMatcher.match(
                List.of(
                        client(Step.DETAILS, "/orders/o-2/details", "a", "b", 12, 20, "200"),
                        client(Step.DETAILS, "/orders/o-1/details", "a", "c", 10, 30, "503"),
                        client(Step.DETAILS, "/orders/o-1/details", "d", "e", 40, 50, "200")),
                List.of(
                        shop(3, Route.DETAILS, "o-1", 11, 29, Ending.ANSWERED, 503),
                        shop(4, Route.DETAILS, "o-2", 13, 19, Ending.ANSWERED, 200),
                        shop(7, Route.DETAILS, "o-1", 41, 49, Ending.ANSWERED, 200)));

        assertThat(calls).extracting(call -> call.client().orElseThrow().startThread() + call.client().orElseThrow().answerThread()
                + "@" + call.shop().orElseThrow().seq())
                .containsExactly("ac@3", "ab@4", "de@7");
    }

    @Test
    void keepsCallsSeenFromOneEndOnly() {
        List<TracedCall> calls = CallMatcher.match(
                List.of(client(Step.USER, "http://127.0.0.1:1234/users/u-1", "a", "b", 0, 10, "200")),
                List.of(
                        shop(1, Route.USER, "u-1", 1, 9, Ending.ANSWERED, 200),
                        shop(2, Route.DETAILS, "o-1", 20, 25, Ending.ABORTED_BY_CLIENT, 0)));

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).shop()).isPresent();
        TracedCall shopOnly = calls.get(1);
        assertThat(shopOnly.client()).isEmpty();
        assertThat(shopOnly.step()).isEqualTo(Step.DETAILS);
        assertThat(shopOnly.target()).isEqualTo("/orders/o-1/details");
        assertThat(shopOnly.outcome()).isEqualTo("aborted");
        assertThat(shopOnly.startThread()).isEqualTo("?");
        assertThat(shopOnly.abortedByClient()).isTrue();
    }

    @Test
    void aCancelledCallReadsAsCancelled() {
        TracedCall call = TracedCall.of(client(Step.DETAILS, "/orders/o-1/details", "a", "b", 0, 5, CallTrace.ABORTED), null);

        assertThat(call.outcome()).isEqualTo("cancelled");
        assertThat(call.succeeded()).isFalse();
    }
}
