package dev.asyncrosetta.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaSourceTest {
    private static final JavaSource SOURCE = JavaSource.of(Path.of("demo/Shop.java"), List.of(
            "package demo;",
            "",
            "import java.util.List;",
            "",
            "/**",
            " * A shop. fetchDetails() is mentioned here, in a comment, not declared.",
            " */",
            "final class Shop {",
            "    static final int MAX_CONNECTIONS = 256; // a field",
            "    private final String url = \"http://shop/* not a comment */\";",
            "    private volatile boolean closed;",
            "",
            "    Shop(String url) {",
            "        this.url = url; /* a comment",
            "           that goes on */ int after = 1;",
            "    }",
            "",
            "    @Override",
            "    public <T> List<T> fetchDetails(List<T> orders) {",
            "        return fetch(orders); // a call, not a declaration",
            "    }",
            "",
            "    record Window(int from, int to) {}",
            "",
            "    enum Kind { TIMEOUT, CONNECTION }",
            "}"));

    @Test
    void commentsAreBlankedOutAndLiteralsKept() {
        assertThat(SOURCE.code().get(5)).isBlank();
        assertThat(SOURCE.code().get(8)).isEqualTo("    static final int MAX_CONNECTIONS = 256;");
        assertThat(SOURCE.code().get(9)).contains("/* not a comment */");
        assertThat(SOURCE.code().get(13)).isEqualTo("        this.url = url;");
        assertThat(SOURCE.code().get(14)).isEqualTo("  int after = 1;");
    }

    @Test
    void countsLinesOfCodeWithoutCommentsBlankLinesPackageOrImports() {
        // the class line, 3 fields, the constructor's 4 lines, the annotation, the method's 3, the record, the enum, the last brace
        assertThat(SOURCE.codeLineCount()).isEqualTo(15);
    }

    @Test
    void findsDeclarationsNotCallsOrComments() {
        assertThat(SOURCE.declares("fetchDetails")).as("a generic method").isTrue();
        assertThat(SOURCE.declares("Shop")).as("the constructor").isTrue();
        assertThat(SOURCE.declares("MAX_CONNECTIONS")).as("a constant").isTrue();
        assertThat(SOURCE.declares("closed")).as("a volatile field").isTrue();
        assertThat(SOURCE.declares("Window")).as("a nested record").isTrue();
        assertThat(SOURCE.declares("from")).as("a record component").isTrue();
        assertThat(SOURCE.declares("TIMEOUT")).as("an enum constant").isTrue();
        assertThat(SOURCE.declares("fetch")).as("only called").isFalse();
        assertThat(SOURCE.declares("pay")).as("nowhere").isFalse();
    }

    @Test
    void theTypeNameIsTheFilesName() {
        assertThat(SOURCE.typeName()).isEqualTo("Shop");
    }
}
