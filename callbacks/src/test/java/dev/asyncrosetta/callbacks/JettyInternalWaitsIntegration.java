package dev.asyncrosetta.callbacks;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound (C17) must not count against this style on Jetty's threads, and nothing more:
 *
 * <ul>
 *   <li>an idle pool thread waiting for its next job: {@code QueuedThreadPool$Runner.idleJobPoll}
 *       parks on the pool's job queue until a job arrives or the idle timeout evicts the thread. It is
 *       the allowance the contract gives {@code ThreadPoolExecutor.getTask}.
 *   <li>Jetty entering one of its own short critical sections: {@code AutoLock.lock} is the lock Jetty
 *       guards its internal state with (the pool's job queue, destinations, exchanges), and it parks
 *       only while another thread is briefly inside. Seen when the selector hands a job to the pool
 *       while an idle worker holds the queue's lock. It is the allowance the contract gives the JDK
 *       HttpClient's internal locks; this module's own code never takes an AutoLock.
 *   <li>the hand-over in Jetty's lock-free connection pool: a thread taking an entry spins in
 *       {@code ConcurrentPool$Holder.acquired} until the thread that has just released that entry
 *       publishes it (one volatile store after its CAS). Seen when a new connection is handed to a
 *       queued exchange while another exchange gives a connection back.
 * </ul>
 *
 * A park anywhere else on these threads, a callback waiting on a condition or a latch for instance,
 * is still reported. BlockHound finds this class through ServiceLoader when the contract installs it.
 */
public final class JettyInternalWaitsIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.eclipse.jetty.util.thread.QueuedThreadPool$Runner", "idleJobPoll")
                .allowBlockingCallsInside("org.eclipse.jetty.util.thread.AutoLock", "lock")
                .allowBlockingCallsInside("org.eclipse.jetty.util.ConcurrentPool$Holder", "acquired");
    }
}
