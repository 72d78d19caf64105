package dev.asyncrosetta.rxjava;

import io.reactivex.rxjava3.internal.schedulers.NonBlockingThread;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Teaches BlockHound about RxJava 3, found through ServiceLoader whenever BlockHound is installed.
 * BlockHound's bundled RxJava integration only knows RxJava 2 ({@code io.reactivex}), and RxJava 3.1
 * ships none, so without this a blocking call on {@code computation()} or {@code single()} goes
 * unnoticed.
 *
 * <p>Those threads implement RxJava's {@link NonBlockingThread} marker ({@code io()} and
 * {@code newThread()} threads do not: blocking is what they are for). Their schedulers are
 * ScheduledThreadPoolExecutors, whose own bookkeeping parks for a moment now and then; the
 * allowances below are that bookkeeping, the same that Reactor's integration allows for its
 * schedulers. They matter for this style too: its thread is a ScheduledThreadPoolExecutor under
 * {@code Schedulers.from}, and every call's timeout is scheduled and cancelled there.
 */
public final class RxJava3BlockHoundIntegration implements BlockHoundIntegration {
    private static final String DELAYED_WORK_QUEUE = ScheduledThreadPoolExecutor.class.getName() + "$DelayedWorkQueue";
    private static final String RX_SCHEDULERS = "io.reactivex.rxjava3.internal.schedulers.";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.nonBlockingThreadPredicate(current -> current.or(NonBlockingThread.class::isInstance));

        // Waiting for the next task is idle, not blocking work; adding one takes the queue's lock.
        builder.allowBlockingCallsInside(DELAYED_WORK_QUEUE, "take");
        builder.allowBlockingCallsInside(DELAYED_WORK_QUEUE, "offer");
        // Disposing a delayed task (a timeout that did not fire) cancels its future, and RxJava's
        // pools, like this style's, remove cancelled tasks from the queue, under that same lock.
        builder.allowBlockingCallsInside(RX_SCHEDULERS + "ScheduledRunnable", "dispose");
        builder.allowBlockingCallsInside(RX_SCHEDULERS + "AbstractDirectTask", "dispose");
        // A task cancelled while it runs: FutureTask yields until the interrupt has landed.
        builder.allowBlockingCallsInside(FutureTask.class.getName(), "handlePossibleCancellationInterrupt");
        // A pool thread ending takes the pool's lock.
        builder.allowBlockingCallsInside(ThreadPoolExecutor.class.getName(), "processWorkerExit");
    }
}
