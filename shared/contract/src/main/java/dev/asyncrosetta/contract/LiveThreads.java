package dev.asyncrosetta.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every live thread of this JVM, virtual threads included. {@link Thread#getAllStackTraces} lists
 * platform threads only, so a style that leaks a virtual thread would look clean to it; from JDK 21
 * the HotSpot thread dump (the one {@code jcmd Thread.dump_to_file} writes) lists virtual threads
 * too, in the thread containers that started them. It is called by reflection because the contract
 * compiles for Java 17; on 17 there are no virtual threads to miss.
 */
public final class LiveThreads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveThreads() {}

    /** Thread id to "name (virtual)" or "name", for every thread alive now. */
    public static Map<Long, String> now() {
        Map<Long, String> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            threads.put(idOf(thread), thread.getName());
        }
        if (Runtime.version().feature() >= 21) {
            threads.putAll(fromThreadDump());
        }
        return threads;
    }

    /** Threads alive now that were not in the earlier snapshot. */
    public static Map<Long, String> startedSince(Map<Long, String> before) {
        Map<Long, String> started = now();
        started.keySet().removeAll(before.keySet());
        return started;
    }

    /** The ids of the live platform threads that {@code which} picks. */
    public static Set<Long> idsOf(Predicate<Thread> which) {
        Set<Long> ids = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (which.test(thread)) ids.add(idOf(thread));
        }
        return ids;
    }

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this compiles for 17
    private static long idOf(Thread thread) {
        return thread.getId();
    }

    private static Map<Long, String> fromThreadDump() {
        try {
            Path dir = Files.createTempDirectory("rosetta-threads");
            Path file = dir.resolve("threads.json");
            try {
                dumpThreads(file);
                Map<Long, String> threads = new TreeMap<>();
                for (JsonNode container : JSON.readTree(file.toFile()).path("threadDump").path("threadContainers")) {
                    for (JsonNode thread : container.path("threads")) {
                        boolean virtual = thread.path("virtual").asBoolean(false) || thread.path("carrier").isTextual();
                        String name = thread.path("name").asText("");
                        threads.put(thread.path("tid").asLong(),
                                (name.isEmpty() ? "<unnamed>" : name) + (virtual ? " (virtual)" : "")
                                        + " in " + container.path("container").asText());
                    }
                }
                return threads;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void dumpThreads(Path file) {
        try {
            Class<? extends PlatformManagedObject> type = (Class<? extends PlatformManagedObject>)
                    Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = ManagementFactory.getPlatformMXBean(type);
            Class<? extends Enum> format = (Class<? extends Enum>) Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
            type.getMethod("dumpThreads", String.class, format).invoke(bean, file.toAbsolutePath().toString(), Enum.valueOf(format, "JSON"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's thread dump is not available", e);
        }
    }
}
