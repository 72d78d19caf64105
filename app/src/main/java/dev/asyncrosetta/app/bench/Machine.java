package dev.asyncrosetta.app.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the figures were measured: they mean little without it.
 *
 * @param loadAverage the 1, 5 and 15 minute load averages when this was read (Linux; else the 1 minute one)
 */
record Machine(String cpu, int cores, double memoryGiB, String os, String jdk, String gc, double clientMaxHeapGiB,
        String loadAverage) {

    static Machine now() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize() / (double) (1L << 30),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                        .collect(Collectors.joining(", ")),
                Runtime.getRuntime().maxMemory() / (double) (1L << 30),
                loadAverage(os));
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB; %s; %s (%s, max heap %.1f GiB); load average %s",
                cpu, cores, memoryGiB, os, jdk, gc, clientMaxHeapGiB, loadAverage);
    }

    static String loadAverage(com.sun.management.OperatingSystemMXBean os) {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
