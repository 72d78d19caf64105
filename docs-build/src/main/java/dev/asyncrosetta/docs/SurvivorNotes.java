package dev.asyncrosetta.docs;

import dev.asyncrosetta.docs.PitReport.Mutant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a person found out about the mutants PIT reported alive, in docs-build/mutation-survivors.md:
 * one table row per mutant (or per identical mutants of one method), naming it by module, class, method,
 * mutator and PIT's description, never by line, so that a note outlives an edit above it. The last
 * cell is the verdict, one of three:
 *
 * <ul>
 *   <li>{@code killed by ...} names the scenario or test added for it; the next run must show it detected.
 *   <li>{@code equivalent: ...} says why no test can tell it from the original; it leaves the score's denominator.
 *   <li>{@code not killable here: ...} says why it is real but no test in this run can catch it (a race
 *       no test can schedule, a path only another JDK takes); it stays in the denominator as a survivor.
 * </ul>
 */
record SurvivorNotes(List<Note> notes) {
    static final Path FILE = Path.of("docs-build/mutation-survivors.md");
    static final String KILLED_BY = "killed by ";
    static final String EQUIVALENT = "equivalent: ";
    static final String NOT_KILLABLE = "not killable here: ";

    /** One row of the file. */
    record Note(String module, String className, String method, String mutator, String description, String verdict) {
        boolean names(String moduleId, Mutant mutant) {
            return module.equals(moduleId) && className.equals(mutant.className()) && method.equals(mutant.method())
                    && mutator.equals(mutant.mutator()) && description.equals(mutant.description());
        }

        boolean killedSince() {
            return verdict.startsWith(KILLED_BY);
        }

        boolean equivalent() {
            return verdict.startsWith(EQUIVALENT);
        }
    }

    private static final Pattern TABLE_RULE = Pattern.compile("\\|[-:| ]+\\|");

    static SurvivorNotes read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) return new SurvivorNotes(List.of());
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The table rows of the file: the lines that start with a pipe after a table's rule ({@code |---|...}). */
    static SurvivorNotes parse(List<String> lines) {
        List<Note> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean afterRule = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                afterRule = false; // not a table (any more): the next table starts with its header again
                continue;
            }
            if (TABLE_RULE.matcher(line).matches()) {
                afterRule = true;
                continue;
            }
            if (!afterRule) {
                continue; // the header row
            }
            String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
            if (cells.length != 6) {
                problems.add("a row needs 6 cells (module, class, method, mutator, mutated behaviour, verdict): " + line);
                continue;
            }
            Note note = new Note(cell(cells[0]), cell(cells[1]), cell(cells[2]), cell(cells[3]), cell(cells[4]), cells[5].strip());
            if (!note.killedSince() && !note.equivalent() && !note.verdict().startsWith(NOT_KILLABLE)) {
                problems.add("a verdict starts with '" + KILLED_BY + "', '" + EQUIVALENT + "' or '" + NOT_KILLABLE + "': " + line);
                continue;
            }
            notes.add(note);
        }
        if (!problems.isEmpty()) throw new DocsException(FILE + " cannot be read", problems);
        return new SurvivorNotes(List.copyOf(notes));
    }

    /** The note about this mutant of this module, if there is one. */
    Optional<Note> about(String module, Mutant mutant) {
        return notes.stream().filter(note -> note.names(module, mutant)).findFirst();
    }

    /** A cell as written, without the backticks that set code in the table. */
    private static String cell(String cell) {
        String plain = cell.strip();
        return plain.length() > 1 && plain.startsWith("`") && plain.endsWith("`") ? plain.substring(1, plain.length() - 1) : plain;
    }
}
