package dev.asyncrosetta.docs;

import java.nio.file.Path;
import java.util.List;

/**
 * The lines of one marked region, or of one part of it (a region may be marked in several places).
 *
 * @param file the file, relative to the repository's root
 * @param firstLine the number of the first line shown, counting from 1
 * @param lastLine the number of the last line shown
 * @param lines the lines between the markers as written, other markers left out
 */
record Snippet(Path file, int firstLine, int lastLine, List<String> lines) {

    /** The lines without the indentation they all share, so that a method body does not start mid-page. */
    List<String> dedented() {
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(Snippet::indentation)
                .min()
                .orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList();
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }
}
