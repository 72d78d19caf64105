package dev.asyncrosetta.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/side-by-side.md is what the code renders now. Every build renders it afresh, from the marked
 * regions and the notes, into docs-build/target/side-by-side.md, and fails if the committed page
 * differs: so the page cannot drift from the code, and a build never rewrites a committed file
 * behind anyone's back. With {@code -Drosetta.docs.write=true} the same test writes the page.
 * Rendering itself fails when a style lacks a region, a marker is broken or a note is stale.
 */
class SideBySideTest {

    @Test
    void theCommittedPageIsWhatTheCodeRendersNow() throws IOException {
        Path root = Repository.root();
        String fresh = SideBySide.render(root);
        Path rendered = root.resolve("docs-build/target/side-by-side.md");
        Files.createDirectories(rendered.getParent());
        Files.writeString(rendered, fresh, StandardCharsets.UTF_8);

        Path committed = root.resolve(SideBySide.DOCUMENT);
        if (Boolean.getBoolean(SideBySide.WRITE_PROPERTY)) {
            Files.writeString(committed, fresh, StandardCharsets.UTF_8);
        }
        if (!Files.exists(committed)) {
            fail(SideBySide.DOCUMENT + " does not exist. Write it with: " + SideBySide.REFRESH_COMMAND);
        }
        String current = Files.readString(committed, StandardCharsets.UTF_8);
        if (!current.equals(fresh)) {
            fail(SideBySide.DOCUMENT + " is stale: the code now renders " + root.relativize(rendered) + ", which differs "
                    + firstDifference(current, fresh) + ". Refresh it with: " + SideBySide.REFRESH_COMMAND);
        }
    }

    private static String firstDifference(String committed, String fresh) {
        List<String> was = committed.lines().toList();
        List<String> now = fresh.lines().toList();
        for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
            String before = i < was.size() ? was.get(i) : "<end of file>";
            String after = i < now.size() ? now.get(i) : "<end of file>";
            if (!before.equals(after)) {
                return "from line " + (i + 1) + " on (committed: '" + before + "', rendered now: '" + after + "')";
            }
        }
        return "in its line endings";
    }
}
