package dev.asyncrosetta.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/mutation.md and README's score line are what PIT's reports say. Every build renders them, into
 * docs-build/target, from the reports it finds in the style modules' target directories (none in a
 * fresh clone: then each module's part is the committed page's own, and the check shows the page was
 * generated, not edited) and fails when the committed ones differ. Under the mutation profile
 * ({@code mvn -Pmutation verify}) the same test writes them.
 */
class MutationPageTest {

    @Test
    void theCommittedPageIsWhatTheReportsSay() throws IOException {
        Path root = Repository.root();
        MutationPages fresh = MutationPages.render(root);
        Path rendered = root.resolve("docs-build/target/mutation.md");
        Files.createDirectories(rendered.getParent());
        Files.writeString(rendered, fresh.page(), StandardCharsets.UTF_8);

        if (Boolean.getBoolean(MutationPage.WRITE_PROPERTY)) {
            fresh.write(root);
        }
        List<String> stale = fresh.stale(root);
        if (!stale.isEmpty()) {
            fail(String.join("; ", stale) + " (the page rendered now is " + root.relativize(rendered) + "). Refresh with: "
                    + MutationPage.REFRESH_COMMAND);
        }
    }
}
