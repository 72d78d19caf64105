package dev.asyncrosetta.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the marked regions in a style's sources. A region is the lines between two line comments:
 *
 * <pre>{@code
 * // side-by-side: begin fetch-details
 * private CompletableFuture<List<OrderDetails>> fetchDetails(...) { ... }
 * // side-by-side: end fetch-details
 * }</pre>
 *
 * A name may be marked more than once in a module (the parts are shown in file order) and regions
 * may overlap or nest; the marker lines themselves are never shown. Any line comment that starts
 * with {@code side-by-side} must be a well-formed marker for a known {@link Topic}, so that a typo
 * fails the build instead of silently dropping a region.
 */
final class Markers {
    static final String PREFIX = "// side-by-side";
    private static final Pattern MARKER = Pattern.compile("// side-by-side: (begin|end) ([a-z][a-z0-9-]*)");

    private Markers() {}

    /**
     * The regions of these files, by topic id, each with its parts in the order given. Problems
     * (malformed markers, unknown names, a begin without its end or an end without its begin,
     * empty regions) are added to {@code problems}.
     */
    static Map<String, List<Snippet>> scan(List<JavaSource> files, List<String> problems) {
        Map<String, List<Snippet>> regions = new LinkedHashMap<>();
        for (JavaSource file : files) {
            scanFile(file, regions, problems);
        }
        return regions;
    }

    private static void scanFile(JavaSource file, Map<String, List<Snippet>> regions, List<String> problems) {
        Map<String, Integer> open = new LinkedHashMap<>(); // topic id -> index of its begin line
        List<String> lines = file.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith(PREFIX)) continue;
            String where = file.path() + ":" + (i + 1);
            Matcher marker = MARKER.matcher(line);
            if (!marker.matches()) {
                problems.add(where + ": malformed marker '" + line + "' (write '// side-by-side: begin <name>' or '// side-by-side: end <name>')");
                continue;
            }
            String id = marker.group(2);
            if (Topic.byId(id).isEmpty()) {
                problems.add(where + ": unknown region '" + id + "' (known: " + knownIds() + ")");
                continue;
            }
            if (marker.group(1).equals("begin")) {
                if (open.containsKey(id)) {
                    problems.add(where + ": region '" + id + "' begins again before its end (begun at line " + (open.get(id) + 1) + ")");
                } else {
                    open.put(id, i);
                }
            } else if (!open.containsKey(id)) {
                problems.add(where + ": end of region '" + id + "' without its begin");
            } else {
                snippet(file, open.remove(id), i, problems)
                        .ifPresent(part -> regions.computeIfAbsent(id, key -> new ArrayList<>()).add(part));
            }
        }
        open.forEach((id, begin) -> problems.add(file.path() + ":" + (begin + 1) + ": region '" + id + "' begins but never ends"));
    }

    private static Optional<Snippet> snippet(JavaSource file, int begin, int end, List<String> problems) {
        List<String> shown = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int i = begin + 1; i < end; i++) {
            String line = file.lines().get(i);
            if (line.strip().startsWith(PREFIX)) continue; // another region's marker, nested or overlapping
            if (first < 0 && line.isBlank()) continue;
            if (first < 0) first = i;
            shown.add(line);
            if (!line.isBlank()) last = i;
        }
        if (first < 0) {
            problems.add(file.path() + ":" + (begin + 1) + ": region is empty");
            return Optional.empty();
        }
        List<String> trimmed = new ArrayList<>(shown);
        while (trimmed.get(trimmed.size() - 1).isBlank()) trimmed.remove(trimmed.size() - 1);
        // Nested markers between first and last are not shown, but the line range spans them.
        return Optional.of(new Snippet(file.path(), first + 1, last + 1, List.copyOf(trimmed)));
    }

    private static String knownIds() {
        return String.join(", ", Topic.ALL.stream().map(Topic::id).toList());
    }
}
