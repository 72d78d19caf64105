package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the generator does with a small repository: the page it renders, and the builds it fails. */
class SideBySideRenderingTest {
    @TempDir
    Path root;

    @Test
    void rendersEveryTopicInEveryModuleWithItsCodeLinkAndNote() {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").styleModule("beta").notesForEverything();

        String page = SideBySide.render(repo.root);

        assertThat(page).startsWith("<!-- Generated from the code");
        for (Topic topic : Topic.ALL) {
            assertThat(page).contains("## " + topic.title(), "About " + topic.id() + ".");
            for (String module : List.of("alpha", "beta")) {
                assertThat(page).contains("// " + module + " does " + topic.id(), "> What " + module + " makes easy in " + topic.id() + ".");
            }
        }
        assertThat(page).contains("[Workflow.java:4-6](../alpha/src/main/java/dev/asyncrosetta/alpha/Workflow.java#L4-L6)");
        assertThat(page).contains("| `alpha` | alpha's errors. |");
    }

    @Test
    void theRenderedPageHasNoBrokenLinksButThoseToTheOtherGuides() {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        repo.write(SideBySide.DOCUMENT.toString(), SideBySide.render(repo.root).lines().toList());

        assertThat(new CodeLinks(root).check(SideBySide.DOCUMENT, true))
                .allMatch(problem -> problem.contains("CONTRACT.md") || problem.contains("concepts.md")
                        || problem.contains("adopting.md") || problem.contains("benchmarks.md"), "only links to the other guides");
    }

    @Test
    void aModuleMissingARegionFailsTheBuildSayingWhichAndWhere() {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").styleModule("beta", "fetch-details").notesForEverything();

        assertThatThrownBy(() -> SideBySide.render(repo.root))
                .isInstanceOf(DocsException.class)
                .hasMessageContaining("beta: no region 'fetch-details' marked in its main sources");
    }

    @Test
    void aNewModuleWithoutMarkersCannotBeLeftOut() {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        repo.write("gamma/" + StyleModule.SERVICES_FILE, "dev.asyncrosetta.gamma.GammaStyle")
                .write("gamma/src/main/java/dev/asyncrosetta/gamma/GammaStyle.java",
                        "public final class GammaStyle implements CheckoutStyle, CheckoutService {",
                        "    public String name() { return \"gamma\"; }",
                        "}");

        assertThatThrownBy(() -> SideBySide.render(repo.root))
                .isInstanceOf(DocsException.class)
                .satisfies(failure -> assertThat(((DocsException) failure).problems())
                        .hasSize(Topic.ALL.size())
                        .allMatch(problem -> problem.startsWith("gamma: no region")));
    }

    @Test
    void aBeginWithoutItsEndFailsTheBuild() throws IOException {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        Path workflow = root.resolve("alpha/src/main/java/dev/asyncrosetta/alpha/Workflow.java");
        List<String> lines = Files.readAllLines(workflow).stream()
                .filter(line -> !line.contains("side-by-side: end pay"))
                .toList();
        Files.write(workflow, lines);

        assertThatThrownBy(() -> SideBySide.render(repo.root))
                .isInstanceOf(DocsException.class)
                .hasMessageContaining("region 'pay' begins but never ends");
    }

    @Test
    void aNoteWrittenForOtherCodeIsStaleUntilItsFingerprintIsRenewed() throws IOException {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        Path workflow = root.resolve("alpha/src/main/java/dev/asyncrosetta/alpha/Workflow.java");
        String changed = Files.readString(workflow).replace("void pay() {", "void pay() {\n        charge(twice);");
        Files.writeString(workflow, changed);

        assertThatThrownBy(() -> SideBySide.render(repo.root))
                .isInstanceOf(DocsException.class)
                .satisfies(failure -> assertThat(((DocsException) failure).problems()).singleElement().asString()
                        .contains("the note for alpha under '## step pay' was written for other code",
                                "then change its fingerprint to"));

        repo.notesForEverything();
        assertThat(SideBySide.render(repo.root)).contains("charge(twice);");
    }

    @Test
    void aCommentOrIndentationChangeLeavesTheNotesValid() throws IOException {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        Path workflow = root.resolve("alpha/src/main/java/dev/asyncrosetta/alpha/Workflow.java");
        String changed = Files.readString(workflow).replace("// alpha does pay", "// alpha pays, reworded")
                .replace("    void pay() {", "      void pay()   {");
        Files.writeString(workflow, changed);

        assertThat(SideBySide.render(repo.root)).contains("// alpha pays, reworded");
    }

    @Test
    void aMissingNoteFailsTheBuildWithTheFingerprintToWrite() {
        FakeRepository repo = new FakeRepository(root).styleModule("alpha").notesForEverything();
        repo.styleModule("beta");

        assertThatThrownBy(() -> SideBySide.render(repo.root))
                .isInstanceOf(DocsException.class)
                .hasMessageContaining("no note for beta under '## step workflow': write one under '### beta @ ")
                .hasMessageContaining("'## module beta' needs a line 'errors: ...'");
    }
}
