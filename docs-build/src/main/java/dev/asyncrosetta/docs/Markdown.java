package dev.asyncrosetta.docs;

import java.util.List;
import java.util.Locale;

/** A markdown document written top to bottom, with one blank line between blocks. */
final class Markdown {
    private final StringBuilder text = new StringBuilder();
    private boolean blankBefore = true;

    /**
     * The anchor GitHub gives a heading: lower case, punctuation dropped, spaces made hyphens. Links
     * to a heading are written with it, and the link check reads headings with it.
     */
    static String slug(String heading) {
        String plain = heading.strip().toLowerCase(Locale.ROOT).replaceAll("[`*_]", "");
        return plain.replaceAll("[^\\p{L}\\p{N} -]", "").replace(' ', '-');
    }

    void line(String line) {
        text.append(line).append('\n');
        blankBefore = line.isEmpty();
    }

    void blank() {
        if (!blankBefore) line("");
    }

    void heading(int level, String title) {
        blank();
        line("#".repeat(level) + " " + title);
        line("");
    }

    void paragraph(String paragraph) {
        blank();
        line(paragraph);
        line("");
    }

    void bullet(String item) {
        line("- " + item);
    }

    void code(String language, List<String> lines) {
        blank();
        line("```" + language);
        lines.forEach(this::line);
        line("```");
        line("");
    }

    void quote(String quoted) {
        blank();
        quoted.lines().forEach(line -> line(line.isBlank() ? ">" : "> " + line));
        line("");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
