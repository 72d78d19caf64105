package dev.asyncrosetta.docs;

import dev.asyncrosetta.docs.PitReport.Mutant;
import dev.asyncrosetta.docs.PitReport.Status;
import dev.asyncrosetta.docs.SurvivorNotes.Note;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders docs/mutation.md from PIT's reports: per style module the mutants PIT made and what became
 * of them, the score, the run; and every mutant that survived, with the verdict docs-build/
 * mutation-survivors.md gives it. A module whose report is not in its target directory (a fresh clone,
 * or a run of some modules only) keeps what the committed page says about it, so each module's part
 * of the page is always from the last run of that module.
 *
 * <p>The README's conformance section repeats each module's score in one line, between two markers.
 */
final class MutationPage {
    static final Path DOCUMENT = Path.of("docs/mutation.md");
    static final Path README = Path.of("README.md");
    static final String WRITE_PROPERTY = "rosetta.mutation.write";
    static final String REFRESH_COMMAND = "mvn -Pmutation verify (every style module, then docs-build writes the page)";
    static final String README_BEGIN = "<!-- mutation scores: begin (generated with docs/mutation.md) -->";
    static final String README_END = "<!-- mutation scores: end -->";
    private static final String SCORES_HEADER = "| module | styles | mutants | killed | timed out | survived | no coverage | equivalent | score | run |";
    private static final String SCORES_RULE = "|---|---|--:|--:|--:|--:|--:|--:|--:|---|";
    private static final String SURVIVORS_HEADING = "## Every survivor";
    private static final Pattern SCORE_CELL = Pattern.compile("\\*\\*(.+)\\*\\*");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A module's part of the page: its row in the scores table, its section among the survivors. */
    record Part(String module, String row, List<String> section) {
        /** The score as its row shows it ({@code 93.4%}), or the row's words when it has none. */
        /** The module, with its styles when they go by other names ({@code loom (virtual-threads, blocking)}). */
        String named() {
            String[] cells = row.split("\\|");
            String styles = cells.length > 2 ? cells[2].strip() : module;
            return "`" + module + "`" + (styles.equals(module) ? "" : " (" + styles + ")");
        }

        String score() {
            String[] cells = row.split("\\|");
            String cell = cells.length > 9 ? cells[9].strip() : "";
            var bold = SCORE_CELL.matcher(cell);
            return bold.matches() ? bold.group(1) : cell;
        }
    }

    private MutationPage() {}

    /** The parts of a module for which a report exists, rendered from it; the problems found in its notes go to {@code problems}. */
    static Part render(StyleModule module, PitReport report, SurvivorNotes notes, List<String> problems) {
        List<Mutant> survivors = report.mutants().stream().filter(mutant -> !mutant.status().detected() && mutant.status() != Status.NON_VIABLE).toList();
        long equivalent = 0;
        List<String> unexplained = new ArrayList<>();
        List<String> survivorRows = new ArrayList<>();
        for (Mutant mutant : survivors) {
            Optional<Note> note = notes.about(module.id(), mutant);
            if (note.isPresent() && note.get().killedSince()) {
                problems.add(module.id() + ": " + describe(mutant) + " still survives, though " + SurvivorNotes.FILE + " says it is " + note.get().verdict());
            }
            if (note.isPresent() && note.get().equivalent()) equivalent++;
            if (note.isEmpty()) unexplained.add(describe(mutant));
            survivorRows.add(row(mutant, note.map(Note::verdict).orElse("**not explained yet**")));
        }
        List<String> killedRows = new ArrayList<>();
        for (Mutant mutant : report.mutants()) {
            Optional<Note> note = notes.about(module.id(), mutant);
            if (mutant.status().detected() && note.isPresent() && note.get().killedSince()) {
                killedRows.add(row(mutant, note.get().verdict().substring(SurvivorNotes.KILLED_BY.length())));
            }
        }
        // A row names every mutant of one method alike (PIT's words, no line): it is stale when none of
        // them is left, or, for a survivor called equivalent or not killable, when none of them survives.
        for (Note note : notes.notes()) {
            if (!note.module().equals(module.id())) continue;
            List<Mutant> named = report.mutants().stream().filter(mutant -> note.names(module.id(), mutant)).toList();
            String which = note.className() + "." + note.method() + " " + note.mutator() + " '" + note.description() + "'";
            if (named.isEmpty()) {
                problems.add(module.id() + ": " + SurvivorNotes.FILE + " has a note on a mutant PIT no longer makes: " + which);
            } else if (!note.killedSince() && named.stream().allMatch(mutant -> mutant.status().detected())) {
                problems.add(module.id() + ": " + which + " is detected now, which " + SurvivorNotes.FILE + " says it cannot be ("
                        + note.verdict() + ")");
            }
        }

        long scored = report.mutants().size() - equivalent - report.count(Status.NON_VIABLE);
        long detected = report.mutants().stream().filter(mutant -> mutant.status().detected()).count();
        String score = scored == 0 ? "no mutants" : "**" + percent(detected, scored) + "**";
        String row = "| " + module.id() + " | " + module.title() + " | " + report.mutants().size() + " | " + report.count(Status.KILLED)
                + " | " + report.count(Status.TIMED_OUT) + " | " + report.count(Status.SURVIVED) + " | " + report.count(Status.NO_COVERAGE)
                + " | " + equivalent + " | " + score + " | " + run(report) + " |";

        List<String> section = new ArrayList<>();
        section.add("### " + module.id());
        section.add("");
        long notKillable = survivors.size() - equivalent - unexplained.size();
        section.add(survivors.isEmpty() ? "Every mutant was detected." : survivors.size() + " survived or were not covered: " + equivalent
                + " equivalent, " + notKillable + " not killable here, " + unexplained.size() + " not explained yet.");
        if (!survivors.isEmpty()) {
            section.add("");
            section.add("| class | line | mutator | mutated behaviour | why it survives |");
            section.add("|---|--:|---|---|---|");
            section.addAll(survivorRows);
        }
        if (!killedRows.isEmpty()) {
            section.add("");
            section.add("Survivors of an earlier run that a test added for them now kills:");
            section.add("");
            section.add("| class | line | mutator | mutated behaviour | killed by |");
            section.add("|---|--:|---|---|---|");
            section.addAll(killedRows);
        }
        return new Part(module.id(), row, List.copyOf(section));
    }

    /** The row and section of a module no run has reported on yet. */
    static Part notRun(StyleModule module) {
        return new Part(module.id(), "| " + module.id() + " | " + module.title() + " | | | | | | | not run yet | |",
                List.of("### " + module.id(), "", "No mutation run yet: `mvn -Pmutation verify -pl " + module.dir() + ",docs-build -am`."));
    }

    /** The whole page, its modules in reading order. */
    static String page(List<Part> parts) {
        Markdown page = new Markdown();
        page.heading(1, "Mutation testing: how much of each style the contract pins down");
        page.line("<!-- Generated by docs-build (MutationPageTest) from PIT's reports and " + SurvivorNotes.FILE + "; do not edit."
                + " Refresh: " + REFRESH_COMMAND + ". -->");
        page.paragraph("A green tick in [conformance.md](conformance.md) says a style passed every scenario. It says nothing about"
                + " what the scenarios never look at. [PIT](https://pitest.org) finds that out: it breaks each style's own code in"
                + " small ways (a condition negated, a call to cancel or close removed, a guard that always passes, a constant shifted),"
                + " one break at a time, and runs the style's contract test and its own idiom tests against every broken copy. A"
                + " broken copy that some test fails on, or that hangs past PIT's time limit, is *detected*; one that passes every test"
                + " *survived*: a behaviour no test pins down, or a change that cannot alter behaviour at all (*equivalent*).");
        page.paragraph("The score is the share of non-equivalent mutants detected: (killed + timed out) / (mutants − equivalent)."
                + " Every survivor is listed below with why it survives. The mutated classes are each style module's own (its workflow,"
                + " its HTTP client adapter, its helpers), not its `CheckoutStyle` registration and not the shared model. The"
                + " mutators, PIT's settings and why they fit concurrent code are in the parent POM's `mutation` profile.");
        page.paragraph("How far the figures can be trusted on a 2-core machine: PIT first runs each module's tests unmutated under its"
                + " agent and stops the run if any fails, so every figure here comes from a run whose unbroken suite passed. It runs one"
                + " test JVM at a time, so no two suites share the cores. Those JVMs list the tests they will run without running"
                + " them (the contract's `SkipTestBodiesWhilePitListsTests`: pitest-junit5-plugin lists tests by executing them,"
                + " a whole unmutated suite each time PIT starts a JVM); only the first, unmutated run and the mutants' runs"
                + " execute tests. A mutant counts as timed out only past three times its tests'"
                + " normal time plus 30 s. Every wait in the tests is bounded by the test itself, so a mutant PIT stops there would"
                + " have failed anyway: most bounds are 10 s or less, and the longest, the contract's warm-up checkout, fails by"
                + " itself at 60 s. A run's date, JDK and wall time are in its row.");
        page.heading(2, "Scores");
        page.line(SCORES_HEADER);
        page.line(SCORES_RULE);
        parts.forEach(part -> page.line(part.row()));
        page.paragraph("Run it yourself: `mvn -Pmutation verify` (every style, some hours on two cores), or one module with"
                + " `mvn -Pmutation verify -pl futures,docs-build -am`. Each module's PIT report is in its"
                + " `target/pit-reports` (open `index.html`); the build checks this page against every report it finds there.");
        page.heading(2, SURVIVORS_HEADING.substring(3));
        for (Part part : parts) {
            page.blank();
            part.section().forEach(page::line);
        }
        return page.toString();
    }

    /** The parts of a committed page, by module, so that a module without a report keeps its own. */
    static Map<String, Part> parts(String committed) {
        Map<String, Part> parts = new LinkedHashMap<>();
        List<String> lines = committed.lines().toList();
        int scores = lines.indexOf(SCORES_HEADER);
        int survivors = lines.indexOf(SURVIVORS_HEADING);
        if (scores < 0 || survivors < scores) return parts;
        for (String line : lines.subList(scores + 2, survivors)) {
            if (!line.startsWith("| ")) continue;
            String module = line.substring(2, line.indexOf(" |", 2)).strip();
            int heading = survivors < 0 ? -1 : lines.subList(survivors, lines.size()).indexOf("### " + module);
            if (heading < 0 || parts.containsKey(module)) continue;
            int start = survivors + heading;
            int end = start + 1;
            while (end < lines.size() && !lines.get(end).startsWith("### ")) end++;
            List<String> section = new ArrayList<>(lines.subList(start, end));
            while (!section.isEmpty() && section.get(section.size() - 1).isBlank()) section.remove(section.size() - 1);
            parts.put(module, new Part(module, line, List.copyOf(section)));
        }
        return parts;
    }

    /** README's region: one line per module's score, from the page's parts. */
    static String readmeRegion(List<Part> parts) {
        List<String> scores = parts.stream().map(part -> part.named() + " " + part.score()).toList();
        return README_BEGIN + "\n"
                + "Mutation score, the share of small breaks in each style's own code that its contract and idiom tests detect"
                + " ([docs/mutation.md](docs/mutation.md) lists every survivor and why it survives): " + String.join(", ", scores) + ".\n"
                + README_END;
    }

    private static String row(Mutant mutant, String verdict) {
        return "| " + mutant.className() + " `" + mutant.method() + "` | " + mutant.line() + " | " + mutant.mutator() + " | "
                + mutant.description().replace("|", "\\|") + " | " + verdict + " |";
    }

    private static String describe(Mutant mutant) {
        return mutant.className() + "." + mutant.method() + " line " + mutant.line() + " (" + mutant.mutator() + ": " + mutant.description() + ")";
    }

    private static String run(PitReport report) {
        String when = WHEN.format(report.started().orElse(report.ended()));
        String took = report.wallTime().map(MutationPage::minutes).orElse("time not recorded");
        return when + ", JDK " + report.jdk() + ", " + took;
    }

    private static String minutes(Duration duration) {
        long minutes = Math.round(duration.toSeconds() / 60.0);
        return minutes < 1 ? "under a minute" : minutes + " min";
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", Math.floor(1000.0 * part / whole) / 10);
    }
}
