package dev.asyncrosetta.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explicit synchronisation a style's code needed, found by a plain scan of its code (comments
 * left out): atomics, volatile fields, concurrent collections, locks and conditions, semaphores,
 * latches, {@code synchronized}. Not counted: what a library does inside (a CompletableFuture
 * completing once, an operator's own state), which is the point of comparing.
 */
final class SyncObjects {
    private static final String NAME_BEFORE = "(?:(\\w+)\\s*=\\s*)?";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile(NAME_BEFORE + "new\\s+(Atomic\\w+|LongAdder|LongAccumulator|DoubleAdder)\\b"),
            Pattern.compile(NAME_BEFORE + "new\\s+(ReentrantLock|ReentrantReadWriteLock|StampedLock|Semaphore|CountDownLatch"
                    + "|CyclicBarrier|Phaser|Exchanger)\\b"),
            Pattern.compile(NAME_BEFORE + "new\\s+(ConcurrentHashMap|ConcurrentLinkedQueue|ConcurrentLinkedDeque|ConcurrentSkipList\\w+"
                    + "|CopyOnWrite\\w+|LinkedBlockingQueue|LinkedBlockingDeque|ArrayBlockingQueue|SynchronousQueue)\\b"),
            Pattern.compile(NAME_BEFORE + "(ConcurrentHashMap\\.newKeySet)\\("),
            Pattern.compile(NAME_BEFORE + "(Collections\\.synchronized\\w+)\\("),
            Pattern.compile(NAME_BEFORE + "\\w+\\.new(Condition)\\(\\)"));
    private static final Pattern VOLATILE = Pattern.compile("\\bvolatile\\s+[\\w.<>?,\\[\\] ]+?\\s+(\\w+)\\s*[;=]");
    private static final Pattern SYNCHRONIZED = Pattern.compile("\\bsynchronized\\b");

    /**
     * One synchronisation object, where it is made or declared.
     *
     * @param kind what it is: {@code AtomicInteger}, {@code volatile}, {@code ReentrantLock} ...
     * @param name the field or variable that holds it, or empty
     * @param file the file, relative to the repository's root
     * @param line its line, counting from 1
     */
    record Found(String kind, String name, Path file, int line) {}

    private SyncObjects() {}

    static List<Found> in(List<JavaSource> sources) {
        List<Found> found = new ArrayList<>();
        for (JavaSource source : sources) {
            for (int i = 0; i < source.code().size(); i++) {
                String line = source.code().get(i);
                if (!source.isCodeLine(i)) continue;
                for (Pattern pattern : PATTERNS) {
                    Matcher matcher = pattern.matcher(line);
                    while (matcher.find()) {
                        String name = matcher.group(1) == null ? "" : matcher.group(1);
                        found.add(new Found(matcher.group(2), name, source.path(), i + 1));
                    }
                }
                Matcher volatileField = VOLATILE.matcher(line);
                if (volatileField.find()) {
                    found.add(new Found("volatile", volatileField.group(1), source.path(), i + 1));
                }
                if (SYNCHRONIZED.matcher(line).find()) {
                    found.add(new Found("synchronized", "", source.path(), i + 1));
                }
            }
        }
        return List.copyOf(found);
    }
}
