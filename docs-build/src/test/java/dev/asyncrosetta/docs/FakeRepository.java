package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small repository on disk for the tests: a style module or two, documents, notes. */
final class FakeRepository {
    final Path root;

    FakeRepository(Path root) {
        this.root = root;
    }

    FakeRepository write(String path, String... lines) {
        return write(path, List.of(lines));
    }

    FakeRepository write(String path, List<String> lines) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A style module named {@code id} registering one style of that name, whose workflow class marks
     * every topic but those left out.
     */
    FakeRepository styleModule(String id, String... topicsLeftOut) {
        String pkg = "dev/asyncrosetta/" + id.replace("-", "");
        String javaPackage = "dev.asyncrosetta." + id.replace("-", "");
        String styleClass = "Style" + id.replace("-", "");
        write(id + "/" + StyleModule.SERVICES_FILE, javaPackage + "." + styleClass);
        write(id + "/src/main/java/" + pkg + "/" + styleClass + ".java",
                "package " + javaPackage + ";",
                "public final class " + styleClass + " implements CheckoutStyle {",
                "    @Override",
                "    public String name() {",
                "        return \"" + id + "\";",
                "    }",
                "}");
        List<String> workflow = new ArrayList<>(List.of(
                "package " + javaPackage + ";",
                "public final class Workflow implements CheckoutService {"));
        for (Topic topic : Topic.ALL) {
            if (List.of(topicsLeftOut).contains(topic.id())) continue;
            workflow.add("    // side-by-side: begin " + topic.id());
            workflow.add("    void " + topic.id().replace("-", "") + "() {");
            workflow.add("        // " + id + " does " + topic.id());
            workflow.add("    }");
            workflow.add("    // side-by-side: end " + topic.id());
        }
        workflow.add("}");
        return write(id + "/src/main/java/" + pkg + "/Workflow.java", workflow);
    }

    /** Notes for every topic and module, each with the fingerprint of the module's code as it is now. */
    FakeRepository notesForEverything() {
        List<String> notes = new ArrayList<>(List.of("# Notes", ""));
        List<StyleModule> modules = StyleModule.discover(root);
        for (Topic topic : Topic.ALL) {
            notes.add("## step " + topic.id());
            notes.add("");
            notes.add("About " + topic.id() + ".");
            notes.add("");
            for (StyleModule module : modules) {
                List<Snippet> parts = Markers.scan(module.mainSources(), new ArrayList<>()).get(topic.id());
                String fingerprint = parts == null ? "00000000" : Fingerprint.of(parts, sources(module));
                notes.add("### " + module.id() + " @ " + fingerprint);
                notes.add("");
                notes.add("What " + module.id() + " makes easy in " + topic.id() + ".");
                notes.add("");
            }
        }
        for (StyleModule module : modules) {
            notes.add("## module " + module.id());
            for (String key : Notes.MODULE_KEYS) {
                notes.add(key + ": " + module.id() + "'s " + key + ".");
            }
            notes.add("");
        }
        return write(SideBySide.NOTES.toString(), notes);
    }

    private static Map<Path, JavaSource> sources(StyleModule module) {
        Map<Path, JavaSource> byPath = new HashMap<>();
        module.mainSources().forEach(source -> byPath.put(source.path(), source));
        return byPath;
    }
}
