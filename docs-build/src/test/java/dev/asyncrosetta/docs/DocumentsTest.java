package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reading guides point at code that exists, and leave no style out. Every link is checked the
 * way {@link CodeLinks} describes: a code link's text names a class and a member declared in the
 * file it links, every other relative link resolves, and a {@code `Class.member`} naming this
 * repository's code is a link.
 */
class DocumentsTest {
    private static final Path ROOT = Repository.root();
    private static final Path CONCEPTS = Path.of("docs/concepts.md");
    private static final Path ADOPTING = Path.of("docs/adopting.md");

    private final CodeLinks links = new CodeLinks(ROOT);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docs/concepts.md", "docs/adopting.md", "docs/messaging.md", "docs/resilience.md"})
    void everyLinkOfAHandWrittenGuideLeadsToCodeThatExists(String document) {
        assertThat(links.check(Path.of(document), false)).as("broken links in %s", document).isEmpty();
    }

    @Test
    void everyLinkOfTheGeneratedPageLeadsToCodeThatExists() {
        assertThat(links.check(SideBySide.DOCUMENT, true)).as("broken links in %s", SideBySide.DOCUMENT).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docs/concepts.md", "docs/adopting.md"})
    void everyStyleModuleIsShownInItsCode(String document) {
        List<Path> linked = links.linkedPaths(Path.of(document));
        for (StyleModule module : StyleModule.discover(ROOT)) {
            Path mainSources = module.dir().resolve("src/main/java");
            assertThat(linked).as("%s links no main source of %s (%s)", document, module.dir(), module.title())
                    .anyMatch(path -> path.startsWith(mainSources));
        }
    }

    @Test
    void adoptingHasASectionForEveryStyle() throws IOException {
        List<String> headings = Files.readAllLines(ROOT.resolve(ADOPTING), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("## "))
                .toList();
        for (StyleModule module : StyleModule.discover(ROOT)) {
            for (StyleModule.Style style : module.styles()) {
                assertThat(headings).as("a section of %s for the %s style", ADOPTING, style.name())
                        .anyMatch(heading -> heading.matches("## .*\\b" + Pattern.quote(style.name()) + "\\b.*"));
            }
        }
    }

    @Test
    void conceptsShowsTheTimelinesOfRosettaCompare() {
        List<Path> linked = links.linkedPaths(CONCEPTS);
        assertThat(linked).as("pictures in %s", CONCEPTS)
                .contains(Path.of("docs/img/compare.svg"), Path.of("docs/img/compare-failure.svg"));
        assertThat(ROOT.resolve("docs/img/compare.svg")).isNotEmptyFile();
        assertThat(ROOT.resolve("docs/img/compare-failure.svg")).isNotEmptyFile();
    }
}
