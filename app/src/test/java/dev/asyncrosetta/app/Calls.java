package dev.asyncrosetta.app;

import dev.asyncrosetta.backend.Call;
import dev.asyncrosetta.backend.Call.Ending;
import dev.asyncrosetta.backend.Route;
import dev.asyncrosetta.model.CallTrace;
import dev.asyncrosetta.model.Receipt;
import dev.asyncrosetta.model.Step;
import dev.asyncrosetta.model.User;
import java.util.List;

/** Made-up calls on a clock whose zero is the checkout's start, in whole milliseconds. */
final class Calls {
    static final String REQUEST = "test-request-1";
    static final long MS = 1_000_000;

    private Calls() {}

    static CallTrace.Call client(Step step, String target, String startThread, String answerThread, long fromMs, long toMs,
            String outcome) {
        return new CallTrace.Call(REQUEST, step, target, startThread, answerThread, fromMs * MS, toMs * MS, outcome);
    }

    static Call shop(long seq, Route route, String resourceId, long fromMs, long toMs, Ending ending, int status) {
        return new Call(seq, REQUEST, route, resourceId, 1, null, fromMs * MS, ending == Ending.IN_FLIGHT ? 0 : toMs * MS,
                ending, status, null, null);
    }

    static Timeline timeline(String style, long durationMs, List<TracedCall> calls) {
        return new Timeline(style, "a style for tests", REQUEST, 0, durationMs * MS, calls,
                Outcome.of(Receipt.nothingToPay(REQUEST, new User("u-0001", "Ada", "ada@example.com"))));
    }
}
