package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeLinksTest {
    private static final String SHOP = "../shop/src/main/java/demo/Shop.java";

    @TempDir
    Path root;

    private FakeRepository repo;

    @BeforeEach
    void aRepositoryWithOneClass() {
        repo = new FakeRepository(root)
                .write("shop/src/main/java/demo/Shop.java",
                        "package demo;",
                        "final class Shop {",
                        "    static final int MAX = 4;",
                        "    Shop() {}",
                        "    User fetchUser(String id) { return call(id); }",
                        "}")
                .write("docs/other.md", "# Other", "", "## A heading, with punctuation!");
    }

    private List<String> check(boolean lineAnchorsAllowed, String... lines) {
        repo.write("docs/page.md", lines);
        return new CodeLinks(root).check(Path.of("docs/page.md"), lineAnchorsAllowed);
    }

    @Test
    void linksThatNameWhatExistsPass() {
        assertThat(check(false,
                "[Shop.fetchUser](" + SHOP + ") and [`Shop.fetchUser()`](" + SHOP + "), [Shop](" + SHOP + "),",
                "[Shop.MAX](" + SHOP + "), [Shop.Shop](" + SHOP + "), [the other page](other.md#a-heading-with-punctuation),",
                "![a picture](other.md), [a site](https://example.com/x), `Shop` alone and `HttpClient.send` are fine.",
                "```",
                "[Shop.nothing](" + SHOP + ") inside a code block is not a link",
                "```"))
                .isEmpty();
    }

    @Test
    void aMemberTheFileDoesNotDeclareIsReported() {
        assertThat(check(false, "[Shop.call](" + SHOP + ")"))
                .singleElement().asString().contains("docs/page.md:1:", "declares no 'call'");
    }

    @Test
    void theTextMustNameTheLinkedClass() {
        assertThat(check(false, "[Store.fetchUser](" + SHOP + ")", "[the shop](" + SHOP + ")"))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("which is class Shop, not Store"))
                .anySatisfy(problem -> assertThat(problem).contains("the text must be the class and member"));
    }

    @Test
    void aLinkToNothingIsReported() {
        assertThat(check(false, "[Gone.fetch](../shop/src/main/java/demo/Gone.java)", "[x](other.md#no-such-heading)"))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("Gone.java does not exist"))
                .anySatisfy(problem -> assertThat(problem).contains("no heading with the anchor #no-such-heading"));
    }

    @Test
    void lineAnchorsRotSoOnlyTheGeneratedPageMayUseThemAndTheyAreChecked() {
        String lines = "[Shop.java:4-5](" + SHOP + "#L4-L5)";
        assertThat(check(false, lines)).singleElement().asString().contains("line numbers rot");
        assertThat(check(true, lines)).isEmpty();
        assertThat(check(true, "[Shop.java:4-9](" + SHOP + "#L4-L9)")).singleElement().asString().contains("has 6");
        assertThat(check(true, "[Shop.java:4-5](" + SHOP + "#L3-L5)")).singleElement().asString().contains("does not name the lines");
    }

    @Test
    void aReferenceToThisRepositorysCodeMustBeALink() {
        assertThat(check(false, "As `Shop.fetchUser` shows."))
                .singleElement().asString().contains("`Shop.fetchUser` names this repository's code but is no link");
    }
}
