package dev.asyncrosetta.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Renders docs/side-by-side.md from the marked regions in every style module and the notes in
 * docs-build/side-by-side-notes.md. Fails, listing every problem at once, when a module lacks a
 * region, a marker is broken, or a note is missing or was written for code that has since changed.
 */
final class SideBySide {
    static final Path DOCUMENT = Path.of("docs/side-by-side.md");
    static final Path NOTES = Path.of("docs-build/side-by-side-notes.md");
    static final String WRITE_PROPERTY = "rosetta.docs.write";
    static final String REFRESH_COMMAND = "mvn -pl docs-build verify -D" + WRITE_PROPERTY + "=true";

    private final List<StyleModule> modules;
    private final Map<String, Map<String, List<Snippet>>> regions; // module id -> topic id -> parts
    private final Notes notes;
    private final BenchFigures bench;

    private SideBySide(List<StyleModule> modules, Map<String, Map<String, List<Snippet>>> regions, Notes notes, BenchFigures bench) {
        this.modules = modules;
        this.regions = regions;
        this.notes = notes;
        this.bench = bench;
    }

    /** The document as the code and the notes say it is now. */
    static String render(Path root) {
        List<String> problems = new ArrayList<>();
        List<StyleModule> modules = StyleModule.discover(root);
        if (modules.isEmpty()) {
            problems.add("no style module found under " + root + " (none has " + StyleModule.SERVICES_FILE + ")");
        }
        Map<String, Map<String, List<Snippet>>> regions = new LinkedHashMap<>();
        for (StyleModule module : modules) {
            Map<String, List<Snippet>> found = Markers.scan(module.mainSources(), problems);
            for (Topic topic : Topic.ALL) {
                if (!found.containsKey(topic.id())) {
                    problems.add(module.dir() + ": no region '" + topic.id() + "' marked in its main sources"
                            + " (put its code between '// side-by-side: begin " + topic.id() + "' and '// side-by-side: end "
                            + topic.id() + "')");
                }
            }
            regions.put(module.id(), found);
        }
        Notes notes = Notes.read(root.resolve(NOTES));
        if (problems.isEmpty()) {
            checkNotes(modules, regions, notes, problems);
        }
        if (!problems.isEmpty()) {
            throw new DocsException(DOCUMENT + " cannot be generated", problems);
        }
        return new SideBySide(modules, regions, notes, BenchFigures.read(root)).render();
    }

    private static void checkNotes(List<StyleModule> modules, Map<String, Map<String, List<Snippet>>> regions, Notes notes,
            List<String> problems) {
        List<String> moduleIds = modules.stream().map(StyleModule::id).toList();
        for (String topic : notes.byTopic().keySet()) {
            if (Topic.byId(topic).isEmpty()) problems.add(NOTES + ": '## step " + topic + "' names no known region");
        }
        notes.byTopic().forEach((topic, byModule) -> byModule.keySet().stream()
                .filter(module -> !moduleIds.contains(module))
                .forEach(module -> problems.add(NOTES + ": a note under '## step " + topic + "' for '" + module
                        + "', which is no style module (known: " + String.join(", ", moduleIds) + ")")));
        for (Topic topic : Topic.ALL) {
            if (notes.intros().getOrDefault(topic.id(), "").isBlank()) {
                problems.add(NOTES + ": '## step " + topic.id() + "' is missing or has no introduction before its notes");
            }
            for (StyleModule module : modules) {
                List<Snippet> parts = regions.get(module.id()).get(topic.id());
                String fingerprint = Fingerprint.of(parts, sourcesByPath(module));
                Notes.Note note = notes.byTopic().getOrDefault(topic.id(), Map.of()).get(module.id());
                if (note == null || note.text().isBlank()) {
                    problems.add(NOTES + ": no note for " + module.id() + " under '## step " + topic.id() + "': write one under '### "
                            + module.id() + " @ " + fingerprint + "'");
                } else if (!note.fingerprint().equals(fingerprint)) {
                    problems.add(NOTES + ": the note for " + module.id() + " under '## step " + topic.id()
                            + "' was written for other code (@ " + note.fingerprint() + "); the region now is @ " + fingerprint
                            + ": re-read the note against " + locations(parts) + ", fix it if needed, then change its fingerprint to "
                            + fingerprint);
                }
            }
        }
        for (StyleModule module : modules) {
            Map<String, String> aspects = notes.byModule().get(module.id());
            for (String key : Notes.MODULE_KEYS) {
                if (aspects == null || aspects.getOrDefault(key, "").isBlank()) {
                    problems.add(NOTES + ": '## module " + module.id() + "' needs a line '" + key + ": ...'");
                }
            }
        }
        notes.byModule().keySet().stream()
                .filter(module -> !moduleIds.contains(module))
                .forEach(module -> problems.add(NOTES + ": '## module " + module + "' is no style module"));
    }

    private static Map<Path, JavaSource> sourcesByPath(StyleModule module) {
        return module.mainSources().stream().collect(Collectors.toMap(JavaSource::path, Function.identity()));
    }

    private static String locations(List<Snippet> parts) {
        return parts.stream().map(part -> part.file().getFileName() + ":" + part.firstLine() + "-" + part.lastLine())
                .collect(Collectors.joining(", "));
    }

    private String render() {
        Markdown doc = new Markdown();
        doc.line("<!-- Generated from the code: edit the marked regions in the style modules or " + NOTES
                + ", never this file. Refresh with: " + REFRESH_COMMAND + " -->");
        doc.line("# Side by side: every step, in every style");
        doc.blank();
        doc.paragraph("""
                Every step of the checkout in every style, one after another, as the code is in the modules \
                today, each with a note on what that style makes easy or hard there. Read one step across the \
                styles, or one style down the steps. What every step must do is in [the contract](CONTRACT.md); \
                the ideas behind the styles are in [concepts.md](concepts.md); taking one style into your own \
                codebase is [adopting.md](adopting.md).""");
        doc.heading(2, "How this page is made");
        doc.paragraph("""
                This page is generated by the `docs-build` module; do not edit it by hand.""");
        doc.bullet("""
                **Marked regions.** In each style's main sources the code shown for a step sits between two \
                comment lines, `// side-by-side: begin fetch-details` and `// side-by-side: end fetch-details`. \
                The marker lines are not shown; regions may nest or overlap, and a region marked in several \
                places is shown part by part, the workflow class first. The build fails if any style module \
                lacks a region for any step, if a begin has no end (or an end no begin), or if a comment \
                starting with `side-by-side` is not a well-formed marker for a known step.""");
        doc.bullet("""
                **Notes.** The notes and the introductions live in \
                [docs-build/side-by-side-notes.md](../docs-build/side-by-side-notes.md), not in the code: the \
                code keeps only its two marker lines per region. Each note carries the fingerprint of the code it \
                was written against (`### futures @ 3f2a9c1e`: eight hex digits of the SHA-256 of the region's \
                code, comments and spacing left out). When the code changes, the build reports the note as \
                stale until someone has re-read it and written down the new fingerprint.""");
        doc.bullet("""
                **Numbers.** Lines of code, synchronisation objects and test tools are counted from the files, \
                never typed: lines of code are the lines that hold code once comments, blank lines and \
                `package`/`import` lines are left out; synchronisation objects are what a scan of the code finds \
                (atomics, `volatile` fields, concurrent collections, locks, conditions, semaphores, latches, \
                `synchronized`), in every main source but the `CheckoutStyle` registration classes.""");
        doc.bullet("""
                **Always fresh.** `mvn verify` renders this page from the code into \
                `docs-build/target/side-by-side.md` and fails when it differs from this file. \
                `""" + REFRESH_COMMAND + """
                ` renders it and writes it here instead. Code links carry line numbers, so any change to a \
                style's sources asks for a refresh.""");
        doc.blank();
        renderContents(doc);
        renderAtAGlance(doc);
        for (Topic topic : Topic.ALL) {
            renderTopic(doc, topic);
        }
        renderAspects(doc);
        renderSyncObjects(doc);
        renderTests(doc);
        return doc.toString();
    }

    private void renderContents(Markdown doc) {
        doc.heading(2, "Contents");
        doc.bullet("[At a glance](#" + Markdown.slug("At a glance") + ")");
        for (Topic topic : Topic.ALL) {
            doc.bullet("[" + topic.title() + "](#" + Markdown.slug(topic.title()) + ")");
        }
        for (String aspect : ASPECT_TITLES.values()) {
            doc.bullet("[" + aspect + "](#" + Markdown.slug(aspect) + ")");
        }
        doc.bullet("[" + SYNC_TITLE + "](#" + Markdown.slug(SYNC_TITLE) + ")");
        doc.bullet("[" + TESTS_TITLE + "](#" + Markdown.slug(TESTS_TITLE) + ")");
        doc.blank();
    }

    private void renderAtAGlance(Markdown doc) {
        doc.heading(2, "At a glance");
        doc.paragraph("""
                One row per style. *Workflow class*: lines of code in the class that implements \
                `CheckoutService`. *All its code*: lines of code in every main source of the style (the module's \
                HTTP client and helpers included; for the two styles of the loom module, its shared code and the \
                style's own registration class). *Synchronisation objects*: what the scan found, listed one by \
                one [below](#""" + Markdown.slug(SYNC_TITLE) + """
                ). *Tested with*: the test tools its module's own tests use beyond JUnit 5 and AssertJ, with the \
                number of its own tests, besides the contract's scenarios C1–C40 that every style passes. What \
                each style costs in latency, throughput, threads and memory is measured in \
                [benchmarks.md](benchmarks.md).""");
        doc.line("| style | workflow class | all its code | synchronisation objects | tested with |");
        doc.line("|---|---|---|---|---|");
        for (StyleModule module : modules) {
            List<SyncObjects.Found> sync = SyncObjects.in(module.workflowSources());
            TestTools.Found tests = TestTools.in(module.testSources());
            for (StyleModule.Style style : module.styles()) {
                List<JavaSource> sources = module.sourcesOf(style);
                int lines = sources.stream().mapToInt(JavaSource::codeLineCount).sum();
                String contract = TestTools.contractTestOf(tests.contractTests(), style.name())
                        .map(test -> "contract: " + link(test.typeName(), test.path()))
                        .orElse("no contract test found");
                doc.line("| `" + style.name() + "` | " + link(module.workflow().typeName(), module.workflow().path()) + ": "
                        + module.workflow().codeLineCount() + " lines | " + lines + " lines in " + sources.size() + " files | "
                        + syncSummary(sync) + " | " + testSummary(tests) + "; " + contract + " |");
            }
        }
        doc.blank();
    }

    private static String syncSummary(List<SyncObjects.Found> found) {
        if (found.isEmpty()) return "none";
        Map<String, Long> byKind = found.stream()
                .collect(Collectors.groupingBy(SyncObjects.Found::kind, LinkedHashMap::new, Collectors.counting()));
        return found.size() + ": " + byKind.entrySet().stream()
                .map(kind -> "`" + kind.getKey() + "`" + (kind.getValue() > 1 ? " ×" + kind.getValue() : ""))
                .collect(Collectors.joining(", "));
    }

    private static String testSummary(TestTools.Found tests) {
        if (tests.ownTests() == 0) return "the contract only";
        String tools = tests.plainJUnit() ? "plain JUnit 5 + AssertJ" : String.join(", ", tests.tools());
        String extras = tests.extras().isEmpty() ? "" : ", with " + String.join(" and ", tests.extras());
        return tools + " (" + tests.ownTests() + " tests in " + tests.ownTestClasses().size() + " classes" + extras + ")";
    }

    private void renderTopic(Markdown doc, Topic topic) {
        doc.heading(2, topic.title());
        doc.paragraph(notes.intros().get(topic.id()));
        for (StyleModule module : modules) {
            doc.heading(3, module.title());
            for (Snippet part : regions.get(module.id()).get(topic.id())) {
                doc.paragraph(link(part));
                doc.code("java", part.dedented());
            }
            doc.quote(notes.byTopic().get(topic.id()).get(module.id()).text());
        }
    }

    private static final Map<String, String> ASPECT_TITLES = aspectTitles();
    private static final String SYNC_TITLE = "The synchronisation objects, one by one";
    private static final String TESTS_TITLE = "The tests, one by one";

    private static Map<String, String> aspectTitles() {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("errors", "Where errors travel");
        titles.put("cancellation", "How cancellation reaches the socket");
        titles.put("continuations", "Which thread runs the continuation");
        titles.put("cost", "What it costs");
        return titles;
    }

    private void renderAspects(Markdown doc) {
        ASPECT_TITLES.forEach((key, title) -> {
            doc.heading(2, title);
            doc.line("| style | " + title.toLowerCase(Locale.ROOT) + " |");
            doc.line("|---|---|");
            for (StyleModule module : modules) {
                String cell = notes.byModule().get(module.id()).get(key) + (key.equals("cost") ? measured(module) : "");
                doc.line("| `" + module.title() + "` | " + cell.replace("|", "\\|") + " |");
            }
            doc.blank();
        });
    }

    /** The last full benchmark run's figures for the module's styles, as a sentence after the note. */
    private String measured(StyleModule module) {
        List<String> figures = module.styles().stream()
                .flatMap(style -> bench.summary(style.name()).map(summary -> "`" + style.name() + "`: " + summary).stream())
                .toList();
        return figures.isEmpty() ? "" : " Measured in the last full run ([benchmarks.md](benchmarks.md)): " + String.join("; ", figures) + ".";
    }

    private void renderSyncObjects(Markdown doc) {
        doc.heading(2, SYNC_TITLE);
        doc.paragraph("""
                What the scan found in each module's code, registration classes left out. A hand-written guard \
                counts once, where it is declared, however many times it is used.""");
        for (StyleModule module : modules) {
            List<SyncObjects.Found> found = SyncObjects.in(module.workflowSources());
            if (found.isEmpty()) {
                doc.bullet("`" + module.title() + "`: none.");
                continue;
            }
            doc.bullet("`" + module.title() + "`: " + found.stream()
                    .map(object -> "`" + object.kind() + "`" + (object.name().isEmpty() ? "" : " " + object.name()) + " ("
                            + link(object.file().getFileName() + ":" + object.line(), object.file(), object.line(), object.line()) + ")")
                    .collect(Collectors.joining(", ")) + ".");
        }
        doc.blank();
    }

    private void renderTests(Markdown doc) {
        doc.heading(2, TESTS_TITLE);
        doc.paragraph("""
                Every style runs the contract, C1–C40 (its test class names the style and declares its \
                non-blocking threads). Besides, each module tests itself in its library's own idiom:""");
        for (StyleModule module : modules) {
            TestTools.Found tests = TestTools.in(module.testSources());
            String own = tests.ownTestClasses().isEmpty()
                    ? ""
                    : " " + tests.ownTestClasses().stream().map(test -> link(test.typeName(), test.path())).collect(Collectors.joining(", ")) + ".";
            doc.bullet("`" + module.title() + "`: " + testSummary(tests) + "." + own);
        }
        doc.blank();
    }

    private static String link(Snippet part) {
        String text = part.file().getFileName() + ":" + part.firstLine() + (part.lastLine() > part.firstLine() ? "-" + part.lastLine() : "");
        return link(text, part.file(), part.firstLine(), part.lastLine());
    }

    private static String link(String text, Path file) {
        return "[" + text + "](" + href(file) + ")";
    }

    private static String link(String text, Path file, int first, int last) {
        return "[" + text + "](" + href(file) + "#L" + first + (last > first ? "-L" + last : "") + ")";
    }

    /** From docs/ to a file given relative to the repository's root. */
    private static String href(Path file) {
        return "../" + file.toString().replace('\\', '/');
    }
}
