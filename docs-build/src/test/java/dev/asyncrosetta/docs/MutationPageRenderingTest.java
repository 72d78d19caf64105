package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/mutation.md from PIT's reports and the notes on survivors, on a small repository of two style modules. */
class MutationPageRenderingTest {
    private static final String CANCEL_REMOVED = "removed call to java/util/concurrent/Future::cancel";

    @TempDir
    Path root;
    private FakeRepository repo;

    @BeforeEach
    void twoModulesAndAReadme() {
        repo = new FakeRepository(root).styleModule("alpha").styleModule("beta");
        repo.write("README.md", "# r", "", MutationPage.README_BEGIN, "old", MutationPage.README_END, "tail");
    }

    @Test
    void scoresDetectedOverNonEquivalentAndListsEverySurvivor() {
        report("alpha", mutant("KILLED", "run", 10, "guard"), mutant("TIMED_OUT", "run", 11, "loop"),
                mutant("SURVIVED", "stop", 20, CANCEL_REMOVED), mutant("NO_COVERAGE", "stop", 21, "negated conditional"));

        MutationPages pages = MutationPages.render(root);

        assertThat(pages.page()).contains("| alpha | alpha | 4 | 1 | 1 | 1 | 1 | 0 | **50.0%** | 2026-12-02 10:00 UTC, JDK 25.0.1 (Eclipse Adoptium), ")
                .contains("2 survived or were not covered: 0 equivalent, 0 not killable here, 2 not explained yet.")
                .contains("| Workflow `stop` | 20 | VoidMethodCallMutator | " + CANCEL_REMOVED + " | **not explained yet** |")
                .contains("| beta | beta | | | | | | | not run yet | |");
        assertThat(pages.readme()).contains("`alpha` 50.0%, `beta` not run yet.").endsWith(MutationPage.README_END + "\ntail\n");
        assertThat(pages.reported()).containsExactly("alpha");
    }

    @Test
    void anEquivalentMutantLeavesTheDenominatorWithItsReason() {
        report("alpha", mutant("KILLED", "run", 10, "guard"), mutant("SURVIVED", "stop", 20, CANCEL_REMOVED));
        notes("| alpha | Workflow | stop | VoidMethodCallMutator | `" + CANCEL_REMOVED + "` | equivalent: the future is already done there |");

        String page = MutationPages.render(root).page();

        assertThat(page).contains("| 2 | 1 | 0 | 1 | 0 | 1 | **100.0%** |")
                .contains("| " + CANCEL_REMOVED + " | equivalent: the future is already done there |");
    }

    @Test
    void aNoteThatAReportContradictsFailsTheRendering() {
        report("alpha", mutant("SURVIVED", "stop", 20, CANCEL_REMOVED), mutant("KILLED", "run", 10, "guard"));
        notes("| alpha | Workflow | stop | VoidMethodCallMutator | " + CANCEL_REMOVED + " | killed by C35 |",
                "| alpha | Workflow | run | VoidMethodCallMutator | guard | equivalent: cannot change anything |",
                "| alpha | Workflow | gone | VoidMethodCallMutator | guard | equivalent: once |");

        assertThatThrownBy(() -> MutationPages.render(root)).isInstanceOfSatisfying(DocsException.class, e -> assertThat(e.problems())
                .anySatisfy(problem -> assertThat(problem).contains("still survives").contains("killed by C35"))
                .anySatisfy(problem -> assertThat(problem).contains("is detected now, which").contains("says it cannot be"))
                .anySatisfy(problem -> assertThat(problem).contains("no longer makes").contains("gone"))
                .hasSize(3));
    }

    @Test
    void aSurvivorNoTestCanCatchHereStaysInTheDenominator() {
        report("alpha", mutant("KILLED", "run", 10, "guard"), mutant("SURVIVED", "stop", 20, CANCEL_REMOVED));
        notes("| alpha | Workflow | stop | VoidMethodCallMutator | " + CANCEL_REMOVED + " | not killable here: a race of two reads |");

        assertThat(MutationPages.render(root).page()).contains("| 2 | 1 | 0 | 1 | 0 | 0 | **50.0%** |")
                .contains("1 survived or were not covered: 0 equivalent, 1 not killable here, 0 not explained yet.");
    }

    @Test
    void aVerdictOfNoKnownKindIsRefused() {
        notes("| alpha | Workflow | stop | VoidMethodCallMutator | " + CANCEL_REMOVED + " | harmless |");

        assertThatThrownBy(() -> MutationPages.render(root)).isInstanceOf(DocsException.class).hasMessageContaining("a verdict starts with");
    }

    @Test
    void aSurvivorKilledSinceIsListedWithWhatKillsItNow() {
        report("alpha", mutant("KILLED", "stop", 20, CANCEL_REMOVED));
        notes("| alpha | Workflow | stop | VoidMethodCallMutator | " + CANCEL_REMOVED + " | killed by C35 |");

        assertThat(MutationPages.render(root).page()).contains("Survivors of an earlier run that a test added for them now kills:")
                .contains("| Workflow `stop` | 20 | VoidMethodCallMutator | " + CANCEL_REMOVED + " | C35 |");
    }

    @Test
    void theCommittedPageIsStaleWhenAReportSaysOtherwise() {
        report("alpha", mutant("KILLED", "run", 10, "guard"));
        MutationPages.render(root).write(root);
        assertThat(MutationPages.render(root).stale(root)).isEmpty();

        report("alpha", mutant("SURVIVED", "run", 10, "guard"));

        assertThat(MutationPages.render(root).stale(root)).containsExactly(
                "docs/mutation.md differs from PIT's reports of alpha", "README.md's mutation scores are not the page's");
    }

    @Test
    void withoutReportsEachModuleKeepsItsPartAndAHandEditShows() {
        report("alpha", mutant("KILLED", "run", 10, "guard"));
        MutationPages.render(root).write(root);
        String written = MutationPages.render(root).page();
        deleteReport("alpha"); // as in a fresh clone

        MutationPages carried = MutationPages.render(root);
        assertThat(carried.page()).isEqualTo(written);
        assertThat(carried.stale(root)).isEmpty();

        repo.write(MutationPage.DOCUMENT.toString(), written.replace("**100.0%**", "**99.0%**").lines().toList());
        assertThat(MutationPages.render(root).stale(root)).containsExactly("README.md's mutation scores are not the page's");

        repo.write(MutationPage.DOCUMENT.toString(), written.replace("small ways", "many ways").lines().toList());
        assertThat(MutationPages.render(root).stale(root)).containsExactly("docs/mutation.md is not what its own parts render (edited by hand?)");
    }

    private void deleteReport(String module) {
        try {
            Files.delete(root.resolve(module).resolve(PitReport.REPORT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void notes(String... rows) {
        List<String> lines = new ArrayList<>(List.of("# Survivors", "", "| module | class | method | mutator | mutated behaviour | verdict |",
                "|---|---|---|---|---|---|"));
        lines.addAll(List.of(rows));
        repo.write(SurvivorNotes.FILE.toString(), lines);
    }

    private void report(String module, String... mutations) {
        List<String> xml = new ArrayList<>(List.of("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<mutations partial=\"false\">"));
        xml.addAll(List.of(mutations));
        xml.add("</mutations>");
        repo.write(module + "/" + PitReport.REPORT, xml);
        repo.write(module + "/" + PitReport.MARKER, "started=2026-12-02T10:00:00Z", "jdk=25.0.1 (Eclipse Adoptium)");
    }

    private static String mutant(String status, String method, int line, String description) {
        return "<mutation detected='" + !status.equals("SURVIVED") + "' status='" + status + "' numberOfTestsRun='1'>"
                + "<sourceFile>Workflow.java</sourceFile><mutatedClass>dev.asyncrosetta.alpha.Workflow</mutatedClass>"
                + "<mutatedMethod>" + method + "</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>" + line + "</lineNumber>"
                + "<mutator>org.pitest.mutationtest.engine.gregor.mutators.VoidMethodCallMutator</mutator><indexes><index>1</index></indexes>"
                + "<blocks><block>1</block></blocks><killingTest/><description>" + description + "</description></mutation>";
    }
}
