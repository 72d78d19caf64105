package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One style module as the documents see it: its directory, the styles it registers, its main and
 * test sources. Modules are found, not listed: every module that registers a {@code CheckoutStyle}
 * through ServiceLoader is one, so a new style module cannot be left out of the side-by-side
 * document without failing the build.
 *
 * @param id the module directory's name: {@code futures}, {@code reactor}, {@code loom}
 * @param dir the module's directory, relative to the repository's root
 * @param styles the styles it registers, in the order of its services file
 * @param workflow the class that implements {@code CheckoutService}
 * @param mainSources its main sources, the workflow class first, then by file name
 * @param testSources its test sources, by file name
 */
record StyleModule(String id, Path dir, List<Style> styles, JavaSource workflow, List<JavaSource> mainSources,
        List<JavaSource> testSources) {

    static final String SERVICES_FILE = "src/main/resources/META-INF/services/dev.asyncrosetta.model.CheckoutStyle";
    /** The reading order: the pyramid first, then the styles that flatten it, the sequential code last. */
    static final List<String> READING_ORDER = List.of("callbacks", "futures", "vertx", "reactor", "rxjava", "loom");
    /** Within a module: the style its code is written for first, a baseline after it. */
    static final List<String> STYLE_ORDER = List.of("virtual-threads", "blocking");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", "node_modules", ".idea");
    private static final Pattern STYLE_NAME = Pattern.compile("String\\s+name\\(\\)\\s*\\{\\s*return\\s+\"([^\"]+)\"");

    /**
     * A style as ServiceLoader finds it.
     *
     * @param name what {@code CheckoutStyle.name()} returns
     * @param styleClass the class registered in the services file
     */
    record Style(String name, JavaSource styleClass) {}

    /** Every style module under the root, in {@link #READING_ORDER} (modules it does not know last, by name). */
    static List<StyleModule> discover(Path root) {
        List<Path> servicesFiles = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(root) && SKIPPED_DIRECTORIES.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (file.endsWith(SERVICES_FILE)) servicesFiles.add(root.relativize(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root + " for style modules", e);
        }
        return servicesFiles.stream()
                .map(services -> load(root, services))
                .sorted(Comparator.comparingInt((StyleModule module) -> orderOf(module.id())).thenComparing(StyleModule::id))
                .toList();
    }

    /** All the styles' names, {@code virtual-threads, blocking} for the module that has two. */
    String title() {
        return String.join(", ", styles.stream().map(Style::name).toList());
    }

    /** The main sources a style consists of: the module's, without the other styles' registration classes. */
    List<JavaSource> sourcesOf(Style style) {
        return mainSources.stream()
                .filter(source -> source == style.styleClass() || styles.stream().noneMatch(other -> other.styleClass() == source))
                .toList();
    }

    /** The main sources without any registration class: the code the workflow runs on. */
    List<JavaSource> workflowSources() {
        return mainSources.stream()
                .filter(source -> styles.stream().noneMatch(style -> style.styleClass() == source))
                .toList();
    }

    private static int orderOf(String id) {
        int index = READING_ORDER.indexOf(id);
        return index < 0 ? READING_ORDER.size() : index;
    }

    private static StyleModule load(Path root, Path servicesFile) {
        Path dir = servicesFile;
        for (int i = 0; i < Path.of(SERVICES_FILE).getNameCount(); i++) {
            dir = dir.getParent();
        }
        Path moduleDir = dir == null ? Path.of("") : dir;
        List<JavaSource> main = javaFiles(root, moduleDir.resolve("src/main/java"));
        List<JavaSource> tests = javaFiles(root, moduleDir.resolve("src/test/java"));
        List<JavaSource> workflows = main.stream()
                .filter(source -> source.code().stream().anyMatch(line -> line.matches(".*\\bimplements\\b[^{]*\\bCheckoutService\\b.*")))
                .toList();
        if (workflows.size() != 1) {
            throw new IllegalStateException(moduleDir + ": expected one class implementing CheckoutService, found "
                    + workflows.stream().map(JavaSource::typeName).toList());
        }
        JavaSource workflow = workflows.get(0);
        List<JavaSource> ordered = new ArrayList<>();
        ordered.add(workflow);
        main.stream().filter(source -> source != workflow).forEach(ordered::add);
        return new StyleModule(moduleDir.getFileName().toString(), moduleDir, styles(root, servicesFile, main), workflow,
                List.copyOf(ordered), tests);
    }

    private static List<Style> styles(Path root, Path servicesFile, List<JavaSource> main) {
        List<Style> styles = new ArrayList<>();
        for (String line : readLines(root.resolve(servicesFile))) {
            String className = line.replaceAll("#.*", "").strip();
            if (className.isEmpty()) continue;
            String simpleName = className.substring(className.lastIndexOf('.') + 1);
            JavaSource styleClass = main.stream()
                    .filter(source -> source.typeName().equals(simpleName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(servicesFile + " names " + className + ", which has no source"));
            Matcher name = STYLE_NAME.matcher(String.join("\n", styleClass.code()));
            if (!name.find()) {
                throw new IllegalStateException(styleClass.path() + ": no 'return \"<name>\";' in name()");
            }
            styles.add(new Style(name.group(1), styleClass));
        }
        styles.sort(Comparator.comparingInt((Style style) -> STYLE_ORDER.contains(style.name()) ? STYLE_ORDER.indexOf(style.name()) : -1));
        return List.copyOf(styles);
    }

    private static List<JavaSource> javaFiles(Path root, Path dir) {
        if (!Files.isDirectory(root.resolve(dir))) return List.of();
        try (Stream<Path> files = Files.walk(root.resolve(dir))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getFileName().toString().equals("package-info.java"))
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()))
                    .map(file -> JavaSource.read(root, root.relativize(file)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
