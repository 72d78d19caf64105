package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncObjectsTest {

    @Test
    void findsWhatTheCodeMakesOrDeclaresNotWhatItsCommentsMention() {
        JavaSource source = JavaSource.of(Path.of("demo/Guarded.java"), List.of(
                "import java.util.concurrent.atomic.AtomicInteger;",
                "/** Uses no AtomicLong, only mentions new AtomicLong() in a comment. */",
                "final class Guarded {",
                "    private final Set<Runnable> running = ConcurrentHashMap.newKeySet();",
                "    private volatile boolean aborted;",
                "    private final ReentrantLock lock = new ReentrantLock();",
                "    private final Condition ended = lock.newCondition();",
                "    void count() {",
                "        AtomicInteger next = new AtomicInteger(); // new Semaphore(1) in a comment",
                "        synchronized (this) { }",
                "    }",
                "}"));

        assertThat(SyncObjects.in(List.of(source)))
                .extracting(SyncObjects.Found::kind, SyncObjects.Found::name, SyncObjects.Found::line)
                .containsExactly(
                        tuple("ConcurrentHashMap.newKeySet", "running", 4),
                        tuple("volatile", "aborted", 5),
                        tuple("ReentrantLock", "lock", 6),
                        tuple("Condition", "ended", 7),
                        tuple("AtomicInteger", "next", 9),
                        tuple("synchronized", "", 10));
    }
}
