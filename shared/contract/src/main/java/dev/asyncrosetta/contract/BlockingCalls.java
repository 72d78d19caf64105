package dev.asyncrosetta.contract;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import reactor.blockhound.BlockHound;

/**
 * BlockHound, installed once per JVM, recording instead of throwing: a blocking call on a
 * non-blocking thread would otherwise surface as some unrelated failure inside the style. Netty's,
 * Vert.x's and Reactor's own threads are known to it through its bundled integrations; the threads
 * a style declares are added through {@link #watch}.
 */
public final class BlockingCalls {
    private static final String DELAYED_WORK_QUEUE = ScheduledThreadPoolExecutor.class.getName() + "$DelayedWorkQueue";
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static volatile Predicate<Thread> declared = thread -> false;
    private static boolean installed;

    private BlockingCalls() {}

    /** Installs BlockHound if needed, and from now on also treats these threads as non-blocking. */
    public static synchronized void watch(Predicate<Thread> nonBlockingThreads) {
        declared = nonBlockingThreads;
        if (!installed) {
            BlockHound.install(builder -> builder
                    .nonBlockingThreadPredicate(current -> current.or(thread -> declared.test(thread)))
                    // A pool thread waiting for its next task is idle, not blocking work: the same
                    // allowance Netty's event loops get for waiting in select().
                    .allowBlockingCallsInside(ThreadPoolExecutor.class.getName(), "getTask")
                    // Scheduling or cancelling a timer task takes the JDK timer queue's lock for one heap
                    // sift; it parks only while another thread is inside that sift. Reactor's own
                    // integration allows offer for the same reason; remove is its twin on cancel (seen
                    // when Jetty's selector cancels a connect timeout while a worker schedules one).
                    .allowBlockingCallsInside(DELAYED_WORK_QUEUE, "offer")
                    .allowBlockingCallsInside(DELAYED_WORK_QUEUE, "remove")
                    .blockingMethodCallback(method -> {
                        if (!insideJdkHttpClientLock()) {
                            SEEN.add(Thread.currentThread().getName() + " blocked in " + method + " at " + callerFrames());
                        }
                    }));
            installed = true;
        }
        SEEN.clear();
    }

    /**
     * True when the JDK's HTTP client itself took one of its internal locks (connection pool, exchange
     * state, or the socket channel's read lock when it checks a pooled connection before reuse) and
     * found it briefly contended. Styles that hand the client their executor run its internals there;
     * those short critical sections are the client's, not the style's. Only the frame that asked for
     * the lock decides, NIO's own frames counting as their caller's: a style's own code blocking
     * inside a callback the client invoked, or reading a socket itself, is still reported.
     */
    private static boolean insideJdkHttpClientLock() {
        return Arrays.stream(Thread.currentThread().getStackTrace())
                .map(StackTraceElement::getClassName)
                .filter(type -> !type.startsWith("reactor.blockhound") && !type.startsWith("jdk.internal.misc")
                        && !type.startsWith("java.util.concurrent.locks") && !type.startsWith("sun.nio.ch.")
                        && !type.equals(Thread.class.getName())
                        && !type.equals(BlockingCalls.class.getName()))
                .findFirst()
                .map(type -> type.startsWith("jdk.internal.net.http."))
                .orElse(false);
    }

    /** Where the blocking call came from, without BlockHound's and the JDK's own frames on top. */
    private static String callerFrames() {
        return Arrays.stream(Thread.currentThread().getStackTrace())
                .map(StackTraceElement::toString)
                .filter(frame -> !frame.startsWith("reactor.blockhound") && !frame.startsWith("java.base/jdk.internal")
                        && !frame.startsWith("java.base/java.lang.Thread.getStackTrace")
                        && !frame.startsWith("dev.asyncrosetta.contract.BlockingCalls"))
                .limit(12)
                .collect(Collectors.joining("\n    ", "\n    ", ""));
    }

    /** The blocking calls seen since {@link #watch}. */
    public static List<String> seen() {
        return List.copyOf(SEEN);
    }
}
