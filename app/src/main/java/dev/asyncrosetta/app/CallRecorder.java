package dev.asyncrosetta.app;

import dev.asyncrosetta.model.CallTrace;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the calls one checkout made, as its style's client reported them to {@link CallTrace}.
 * It listens from the outside: the workflows carry no tracing code of their own.
 */
final class CallRecorder implements CallTrace.Listener, AutoCloseable {
    private final String requestId;
    private final Queue<CallTrace.Call> calls = new ConcurrentLinkedQueue<>();

    private CallRecorder(String requestId) {
        this.requestId = requestId;
    }

    /** Installs a recorder for this request id; close it to stop listening. */
    static CallRecorder listen(String requestId) {
        CallRecorder recorder = new CallRecorder(requestId);
        CallTrace.listen(recorder);
        return recorder;
    }

    @Override
    public void finished(CallTrace.Call call) {
        if (requestId.equals(call.requestId())) calls.add(call);
    }

    List<CallTrace.Call> calls() {
        return List.copyOf(calls);
    }

    int count() {
        return calls.size();
    }

    @Override
    public void close() {
        CallTrace.listen(null);
    }
}
