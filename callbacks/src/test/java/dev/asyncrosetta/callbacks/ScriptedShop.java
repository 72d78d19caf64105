package dev.asyncrosetta.callbacks;

import dev.asyncrosetta.model.Order;
import dev.asyncrosetta.model.OrderDetails;
import dev.asyncrosetta.model.Payment;
import dev.asyncrosetta.model.PaymentRequest;
import dev.asyncrosetta.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.opentelemetry.context.Context;
import org.eclipse.jetty.util.Promise;

/**
 * A shop whose calls wait until the test answers them, so a test decides what each call reports and
 * when. Like Jetty, it reports an abort to the call's callback, and it swallows whatever a callback
 * throws (Jetty logs it and goes on): a workflow that lets an exception escape would hang here too.
 */
final class ScriptedShop implements ShopCalls {
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> broken = ConcurrentHashMap.newKeySet();
    private final List<Throwable> swallowed = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> onStart = new ConcurrentHashMap<>();
    private final Map<String, Throwable> failAtStart = new ConcurrentHashMap<>();

    /** One call the workflow made, e.g. "details o-2". */
    final class Call implements Abortable {
        final String what;
        private final Promise<Object> done;
        private volatile boolean aborted;
        private volatile boolean reported;

        @SuppressWarnings("unchecked")
        private Call(String what, Promise<?> done) {
            this.what = what;
            this.done = (Promise<Object>) done;
        }

        void answer(Object value) {
            report(() -> done.succeeded(value));
        }

        void fail(Throwable failure) {
            report(() -> done.failed(failure));
        }

        boolean aborted() {
            return aborted;
        }

        /** Not answered, failed or aborted yet. */
        boolean pending() {
            return !reported;
        }

        @Override
        public void abort() {
            aborted = true;
            fail(new CancellationException("aborted"));
        }

        private void report(Runnable callback) {
            reported = true;
            try {
                callback.run();
            } catch (Throwable thrown) {
                swallowed.add(thrown);
            }
        }

        @Override
        public String toString() {
            return what + (aborted ? " (aborted)" : "");
        }
    }

    /** From now on, starting this call throws, as a buggy port would. */
    void breakCall(String what) {
        broken.add(what);
    }

    /** When this call starts, runs {@code hook} first, on the starting thread, before the call exists (a cancel landing as it starts). */
    void onStart(String what, Runnable hook) {
        onStart.put(what, hook);
    }

    /** This call reports {@code failure} as it starts, before its handle is returned, as a client refusing a send at once would. */
    void failAtStart(String what, Throwable failure) {
        failAtStart.put(what, failure);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> started() {
        return calls.stream().map(call -> call.what).toList();
    }

    /** The most recent call with this description. */
    Call call(String what) {
        List<Call> matching = new ArrayList<>(calls.stream().filter(call -> call.what.equals(what)).toList());
        if (matching.isEmpty()) throw new AssertionError("no call '" + what + "' among " + calls);
        return matching.get(matching.size() - 1);
    }

    /** What callbacks threw into the shop instead of into the workflow's own failure path. */
    List<Throwable> swallowed() {
        return List.copyOf(swallowed);
    }

    @Override
    public Abortable user(String requestId, String userId, Context trace, Promise<User> done) {
        return start("user " + userId, done);
    }

    @Override
    public Abortable orders(String requestId, String userId, Context trace, Promise<List<Order>> done) {
        return start("orders " + userId, done);
    }

    @Override
    public Abortable details(String requestId, String orderId, Context trace, Promise<OrderDetails> done) {
        return start("details " + orderId, done);
    }

    @Override
    public Abortable pay(String requestId, PaymentRequest payment, Context trace, Promise<Payment> done) {
        return start("payment " + payment.amountCents(), done);
    }

    private Abortable start(String what, Promise<?> done) {
        if (broken.contains(what)) {
            throw new IllegalStateException("broken port: " + what);
        }
        Runnable hook = onStart.remove(what);
        if (hook != null) {
            hook.run();
        }
        Call call = new Call(what, done);
        calls.add(call);
        Throwable failure = failAtStart.remove(what);
        if (failure != null) {
            call.fail(failure);
        }
        return call;
    }

    @Override
    public void close() {}
}
