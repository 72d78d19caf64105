package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.app.bench.floor.ClientFloor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Is it the style or the client?", from one W2 section that measured the styles and the client
 * floors side by side: each style's client CPU per checkout against its client's floor, and what the
 * style adds above it. Then the shop's own ceiling: its CPU per checkout, measured in its own JVM,
 * turned into the checkouts per second it could serve with every core to itself.
 */
final class FloorTable {
    private static final String[] HEADER = {"style", "client", "floor µs/co", "style µs/co", "above floor µs/co", "style / floor"};
    private static final boolean[] LEFT = {true, true, false, false, false, false};

    private FloorTable() {}

    static Grid grid(Section section) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Result style : section.results()) {
            if (!PairedTable.isStyle(style.style())) continue;
            Optional<ClientFloor> floor = ClientFloor.of(style.style());
            Optional<Result> measured = floor.flatMap(f -> find(section, f.name()));
            double floorCpu = measured.map(Result::clientCpuMicros).orElse(Double.NaN);
            rows.add(new String[] {
                style.style(),
                floor.map(f -> f.name().replaceFirst("^floor: ", "")).orElse("-"),
                Tables.integer(floorCpu),
                Tables.integer(style.clientCpuMicros()),
                Tables.integer(style.clientCpuMicros() - floorCpu),
                Double.isNaN(floorCpu) ? "-" : String.format(Locale.ROOT, "%.2fx", style.clientCpuMicros() / floorCpu)});
        }
        return new Grid(rows, LEFT);
    }

    /**
     * The shop's ceiling: the least shop CPU per checkout of the section's runs (the shop's own work
     * does not depend on the client, so the least is the one least disturbed) and the checkouts per
     * second that makes on {@code cores} cores; empty when no run measured it.
     */
    static Optional<String> shopCeiling(Section section, int cores) {
        return section.results().stream().map(Result::shopCpuMicros).filter(cpu -> !Double.isNaN(cpu) && cpu > 0)
                .min(Double::compare)
                .map(cpu -> String.format(Locale.ROOT, "The shop alone: %s µs of its own JVM's CPU per checkout (the least of"
                        + " this workload's runs), so at most %s checkouts/s with all %d cores to itself; every figure above"
                        + " shares those cores with it.", Tables.integer(cpu), Tables.integer(cores * 1e6 / cpu), cores));
    }

    /**
     * What moving each answer off the common pool onto a pool of one's own costs per checkout, as
     * {@code futures} must: the sendAsync floor with that hop minus the one without; empty unless
     * both were measured. Not as a share of the futures row's overhead: that difference of two
     * medians is small enough for the spread to swamp it.
     */
    static Optional<String> hop(Section section) {
        Optional<Result> without = find(section, ClientFloor.JDK_ASYNC.name());
        Optional<Result> with = find(section, ClientFloor.JDK_ASYNC_HOP.name());
        if (without.isEmpty() || with.isEmpty()) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "The hop futures makes from the common pool, where java.net.http"
                        + " completes sendAsync whatever executor it has, onto its own workers: %s µs of client CPU per checkout"
                        + " (the sendAsync floor with it %s, without it %s).",
                Tables.integer(with.get().clientCpuMicros() - without.get().clientCpuMicros()),
                Tables.integer(with.get().clientCpuMicros()), Tables.integer(without.get().clientCpuMicros())));
    }

    static String heading(Section section) {
        return section.workload().name() + ": the client floor, each style's client CPU per checkout against its HTTP client"
                + " making the same eight calls with no workflow";
    }

    private static Optional<Result> find(Section section, String name) {
        return section.results().stream().filter(r -> r.style().equals(name)).findFirst();
    }
}
