package dev.asyncrosetta.docs;

import dev.asyncrosetta.docs.MutationPage.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docs/mutation.md and README's score line as the reports and the committed page say they are now:
 * each module's part from its PIT report when one is in its target directory, from the committed page
 * otherwise. {@link #stale} lists what differs from the committed files; {@link #write} writes them.
 *
 * @param page the page rendered now
 * @param readme README.md with its score region rendered now
 * @param reported the modules whose part comes from a report of this checkout
 */
record MutationPages(String page, String readme, List<String> reported) {

    /** Renders both; fails, listing every problem, when a note on a survivor contradicts a report. */
    static MutationPages render(Path root) {
        String committed = read(root.resolve(MutationPage.DOCUMENT)).orElse("");
        Map<String, Part> before = MutationPage.parts(committed);
        SurvivorNotes notes = SurvivorNotes.read(root);
        List<String> problems = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (StyleModule module : StyleModule.discover(root)) {
            Optional<PitReport> report = PitReport.of(module.id(), root.resolve(module.dir()));
            report.ifPresent(found -> reported.add(module.id()));
            parts.add(report.map(found -> MutationPage.render(module, found, notes, problems))
                    .orElseGet(() -> before.getOrDefault(module.id(), MutationPage.notRun(module))));
        }
        if (!problems.isEmpty()) throw new DocsException(SurvivorNotes.FILE + " contradicts PIT's reports", problems);
        String readme = read(root.resolve(MutationPage.README)).orElseThrow(() -> new IllegalStateException("no README.md at " + root));
        return new MutationPages(MutationPage.page(parts), withRegion(readme, MutationPage.readmeRegion(parts)), List.copyOf(reported));
    }

    /** What in the committed page and README differs from this rendering, in words; empty when nothing does. */
    List<String> stale(Path root) {
        List<String> stale = new ArrayList<>();
        String committed = read(root.resolve(MutationPage.DOCUMENT)).orElse("");
        if (!committed.equals(page)) {
            stale.add(MutationPage.DOCUMENT + (reported.isEmpty() ? " is not what its own parts render (edited by hand?)"
                    : " differs from PIT's reports of " + String.join(", ", reported)));
        }
        if (!read(root.resolve(MutationPage.README)).orElse("").equals(readme)) {
            stale.add(MutationPage.README + "'s mutation scores are not the page's");
        }
        return stale;
    }

    void write(Path root) {
        try {
            Files.createDirectories(root.resolve(MutationPage.DOCUMENT).getParent());
            Files.writeString(root.resolve(MutationPage.DOCUMENT), page, StandardCharsets.UTF_8);
            Files.writeString(root.resolve(MutationPage.README), readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mutation page", e);
        }
    }

    private static String withRegion(String readme, String region) {
        int begin = readme.indexOf(MutationPage.README_BEGIN);
        int end = readme.indexOf(MutationPage.README_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(MutationPage.README + " has no region between '" + MutationPage.README_BEGIN + "' and '"
                    + MutationPage.README_END + "'");
        }
        return readme.substring(0, begin) + region + readme.substring(end + MutationPage.README_END.length());
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
