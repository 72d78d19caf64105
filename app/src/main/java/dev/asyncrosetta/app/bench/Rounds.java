package dev.asyncrosetta.app.bench;

import dev.asyncrosetta.model.CheckoutStyle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One workload's runs: every subject (a style or a client floor) once per round, the first of each
 * round moving on by one, so that no subject is always measured first (the JVM still settling) or
 * last; then each subject's median repetition, by the workload's headline figure.
 */
final class Rounds {
    private final StyleRun runner;

    Rounds(StyleRun runner) {
        this.runner = runner;
    }

    /**
     * @param offset where the first round starts, so that consecutive workloads start with different subjects
     */
    Section run(Workload workload, String heading, List<CheckoutStyle> subjects, Workload.Plan plan, LoadMode mode,
            int repetitions, int offset, Duration drain, IntSupplier nextOrder, boolean quick) {
        Map<String, List<Result>> runs = new LinkedHashMap<>();
        subjects.forEach(subject -> runs.put(subject.name(), new ArrayList<>()));
        for (int round = 0; round < repetitions; round++) {
            for (int turn = 0; turn < subjects.size(); turn++) {
                CheckoutStyle subject = subjects.get(rotated(turn, round + offset, subjects.size()));
                runs.get(subject.name()).add(runner.run(subject, workload, plan, mode, nextOrder.getAsInt(), drain));
            }
        }
        List<Result> medians = new ArrayList<>();
        Map<String, Spread> spreads = new LinkedHashMap<>();
        runs.forEach((name, repeated) -> {
            medians.add(Spread.medianOf(repeated, workload.headline()));
            spreads.put(name, Spread.of(repeated, workload.headline()));
        });
        return new Section(workload, heading, mode, List.copyOf(medians), spreads, quick);
    }

    /** The subject measured at {@code turn} of a round that starts {@code start} subjects along. */
    static int rotated(int turn, int start, int subjects) {
        return (turn + start) % subjects;
    }
}
