package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written words of docs/side-by-side.md, kept in one markdown file next to the generator
 * (docs-build/side-by-side-notes.md) rather than in the styles' code, so that the code keeps only
 * its two marker lines per region:
 *
 * <pre>
 * ## step fetch-details
 * What the step must do, and what to compare.
 *
 * ### futures @ 3f2a9c1e
 * What this style makes easy or hard here.
 *
 * ## module futures
 * errors: where errors travel
 * cancellation: how a cancel reaches the socket
 * continuations: which thread runs the code after each call
 * cost: what it costs
 * </pre>
 *
 * The {@code @ 3f2a9c1e} is the {@link Fingerprint} of the region's code the note was written
 * against: when the code changes, the note is reported stale until someone has re-read it and
 * written down the new fingerprint. That is what keeps notes from drifting away from the code they
 * describe, which keeping them in the code would only have made less likely.
 */
record Notes(Map<String, String> intros, Map<String, Map<String, Note>> byTopic, Map<String, Map<String, String>> byModule) {
    static final List<String> MODULE_KEYS = List.of("errors", "cancellation", "continuations", "cost");
    private static final Pattern STEP = Pattern.compile("## step ([a-z0-9-]+)");
    private static final Pattern MODULE = Pattern.compile("## module ([a-z0-9-]+)");
    private static final Pattern NOTE = Pattern.compile("### ([a-z0-9-]+) @ ([0-9a-f]{8})");
    private static final Pattern KEY = Pattern.compile("([a-z]+): (.*)");

    /**
     * One style's note on one topic.
     *
     * @param fingerprint the fingerprint of the code it was written against
     * @param text its markdown
     */
    record Note(String fingerprint, String text) {}

    static Notes read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Notes parse(List<String> lines) {
        Map<String, String> intros = new LinkedHashMap<>();
        Map<String, Map<String, Note>> byTopic = new LinkedHashMap<>();
        Map<String, Map<String, String>> byModule = new LinkedHashMap<>();
        String step = null;
        String module = null;
        String noteModule = null;
        String noteFingerprint = null;
        String key = null;
        List<String> text = new ArrayList<>();
        for (String line : withEnd(lines)) {
            boolean heading = line.startsWith("## ") || line.startsWith("### ") || line.equals(END);
            Matcher keyLine = KEY.matcher(line);
            boolean newKey = module != null && !heading && keyLine.matches() && MODULE_KEYS.contains(keyLine.group(1));
            if (heading || newKey) {
                // Whatever was being collected ends here.
                if (noteModule != null) {
                    byTopic.computeIfAbsent(step, id -> new LinkedHashMap<>()).put(noteModule, new Note(noteFingerprint, joined(text, "\n")));
                } else if (step != null && !text.isEmpty()) {
                    intros.put(step, joined(text, "\n"));
                } else if (module != null && key != null) {
                    byModule.computeIfAbsent(module, id -> new LinkedHashMap<>()).put(key, joined(text, " "));
                }
                text = new ArrayList<>();
                noteModule = null;
                key = null;
            }
            if (newKey) {
                key = keyLine.group(1);
                text.add(keyLine.group(2));
                continue;
            }
            if (!heading) {
                if (step != null || module != null) text.add(line);
                continue;
            }
            Matcher matcher;
            if ((matcher = STEP.matcher(line)).matches()) {
                step = matcher.group(1);
                module = null;
            } else if ((matcher = MODULE.matcher(line)).matches()) {
                module = matcher.group(1);
                step = null;
                byModule.computeIfAbsent(module, id -> new LinkedHashMap<>());
            } else if (step != null && (matcher = NOTE.matcher(line)).matches()) {
                noteModule = matcher.group(1);
                noteFingerprint = matcher.group(2);
            } else if (!line.equals(END)) {
                throw new IllegalArgumentException("side-by-side notes: unexpected heading '" + line
                        + "' (expected '## step <name>', '## module <name>' or, under a step, '### <module> @ <fingerprint>')");
            }
        }
        return new Notes(intros, byTopic, byModule);
    }

    private static final String END = "\u0000end";

    private static List<String> withEnd(List<String> lines) {
        List<String> all = new ArrayList<>(lines);
        all.add(END);
        return all;
    }

    /** The lines without the blank ones around them; joined with line breaks, or into one line for a table cell. */
    private static String joined(List<String> text, String separator) {
        int from = 0;
        int to = text.size();
        while (from < to && text.get(from).isBlank()) from++;
        while (to > from && text.get(to - 1).isBlank()) to--;
        List<String> kept = text.subList(from, to);
        return separator.equals(" ") ? String.join(" ", kept.stream().map(String::strip).toList()) : String.join("\n", kept);
    }
}
