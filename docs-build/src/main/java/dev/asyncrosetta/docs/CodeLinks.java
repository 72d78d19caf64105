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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the links of the documents, code references above all. The convention the documents follow:
 *
 * <ul>
 *   <li>A reference to code is a markdown link to the source file whose text names what it points
 *       at: {@code [FuturesCheckout.fetchDetails](../futures/src/main/java/.../FuturesCheckout.java)}.
 *       The first name must be the file's class; each name after it a method, constructor, field,
 *       record component or nested type declared in that file. Backticks and a trailing {@code ()}
 *       in the text are allowed.
 *   <li>The generated page may also link line ranges, with the file's name and the lines as text:
 *       {@code [FuturesCheckout.java:97-127](...FuturesCheckout.java#L97-L127)}; the lines must
 *       exist. Hand-written pages may not: their line numbers would rot.
 *   <li>Every other relative link must point at a file or directory that exists, and a link to a
 *       heading ({@code #...}) at a heading that exists.
 *   <li>A {@code `Class.member`} code span whose class is one of this repository's is a reference
 *       too, and must be written as a link, so that this check can follow it.
 * </ul>
 */
final class CodeLinks {
    private static final Pattern LINK = Pattern.compile("(!?)\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern MEMBER_REFERENCE = Pattern.compile("([A-Z]\\w*)((?:\\.\\w+)+)(?:\\(\\))?");
    private static final Pattern FILE_LINES = Pattern.compile("(\\w[\\w-]*\\.java)(?::(\\d+)(?:-(\\d+))?)?");
    private static final Pattern LINE_ANCHOR = Pattern.compile("L(\\d+)(?:-L(\\d+))?");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private final Path root;
    private final Set<String> repositoryTypes;
    private final Map<Path, JavaSource> sources = new HashMap<>();

    CodeLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.repositoryTypes = javaTypesUnder(this.root);
    }

    /**
     * The problems with one document's links, each as {@code file:line: what is wrong}.
     *
     * @param document the document, relative to the root
     * @param lineAnchorsAllowed whether links may point at line ranges (only the generated page)
     */
    List<String> check(Path document, boolean lineAnchorsAllowed) {
        List<String> problems = new ArrayList<>();
        List<String> lines = readLines(root.resolve(document));
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            String where = document + ":" + (i + 1) + ": ";
            Matcher link = LINK.matcher(line);
            StringBuilder outsideLinks = new StringBuilder();
            int last = 0;
            while (link.find()) {
                outsideLinks.append(line, last, link.start());
                last = link.end();
                String problem = checkLink(document, link.group(2), link.group(3), lineAnchorsAllowed);
                if (problem != null) problems.add(where + problem);
            }
            outsideLinks.append(line.substring(last));
            Matcher span = CODE_SPAN.matcher(outsideLinks);
            while (span.find()) {
                Matcher reference = MEMBER_REFERENCE.matcher(span.group(1));
                if (reference.matches() && repositoryTypes.contains(reference.group(1)) && !span.group(1).endsWith(".java")) {
                    problems.add(where + "`" + span.group(1) + "` names this repository's code but is no link:"
                            + " write it as [`" + span.group(1) + "`](path/to/" + reference.group(1) + ".java)");
                }
            }
        }
        return problems;
    }

    /**
     * The files and directories a document links to, relative to the root: every relative link
     * outside code blocks, whether or not it exists.
     */
    List<Path> linkedPaths(Path document) {
        List<Path> linked = new ArrayList<>();
        boolean inFence = false;
        for (String line : readLines(root.resolve(document))) {
            if (line.strip().startsWith("```")) inFence = !inFence;
            if (inFence) continue;
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                String target = link.group(3);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) continue;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                linked.add(root.relativize(root.resolve(document).getParent().resolve(path).normalize()));
            }
        }
        return linked;
    }

    /** The problem with one link, or null if there is none. */
    private String checkLink(Path document, String text, String target, boolean lineAnchorsAllowed) {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) return null; // https:, mailto: ...
        String path = target;
        String fragment = null;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            path = target.substring(0, hash);
            fragment = target.substring(hash + 1);
        }
        Path resolved = path.isEmpty() ? root.resolve(document) : root.resolve(document).getParent().resolve(path).normalize();
        if (!resolved.startsWith(root)) return "'" + target + "' points outside the repository";
        if (!Files.exists(resolved)) return "'" + target + "' points at nothing: " + root.relativize(resolved) + " does not exist";
        String fileName = resolved.getFileName().toString();
        if (fileName.endsWith(".java")) {
            return checkCodeLink(text, root.relativize(resolved), fragment, lineAnchorsAllowed);
        }
        if (fragment != null && fileName.endsWith(".md") && !headingSlugs(resolved).contains(fragment)) {
            return "'" + target + "': " + root.relativize(resolved) + " has no heading with the anchor #" + fragment;
        }
        return null;
    }

    private String checkCodeLink(String text, Path file, String fragment, boolean lineAnchorsAllowed) {
        JavaSource source = sources.computeIfAbsent(file, path -> JavaSource.read(root, path));
        String name = text.strip().replace("`", "");
        if (name.endsWith("()")) name = name.substring(0, name.length() - 2);
        Matcher fileLines = FILE_LINES.matcher(name);
        Matcher reference = MEMBER_REFERENCE.matcher(name);
        if (fileLines.matches()) {
            if (!fileLines.group(1).equals(file.getFileName().toString())) {
                return "[" + text + "] links " + file + ": the text must name that file";
            }
            if (fragment == null) {
                return fileLines.group(2) == null ? null : "[" + text + "] names lines but links no line anchor";
            }
            if (!lineAnchorsAllowed) {
                return "[" + text + "] links lines of " + file + ": a hand-written page names a method instead, line numbers rot";
            }
            Matcher anchor = LINE_ANCHOR.matcher(fragment);
            if (!anchor.matches()) return "[" + text + "] links '#" + fragment + "': expected #L<first>-L<last>";
            int first = Integer.parseInt(anchor.group(1));
            int lastLine = anchor.group(2) == null ? first : Integer.parseInt(anchor.group(2));
            String textFirst = fileLines.group(2);
            String textLast = fileLines.group(3) == null ? textFirst : fileLines.group(3);
            if (textFirst == null || Integer.parseInt(textFirst) != first || Integer.parseInt(textLast) != lastLine) {
                return "[" + text + "] does not name the lines it links (#" + fragment + ")";
            }
            if (first < 1 || lastLine < first || lastLine > source.lines().size()) {
                return "[" + text + "] links lines " + first + "-" + lastLine + ", but " + file + " has " + source.lines().size();
            }
            return null;
        }
        if (!reference.matches() && !name.matches("[A-Z]\\w*")) {
            return "[" + text + "] links " + file + ": the text must be the class and member it means (Class.method), or the class";
        }
        if (fragment != null) {
            return "[" + text + "] links '#" + fragment + "' of a Java file: name the member in the text instead";
        }
        String[] names = name.split("\\.");
        if (!names[0].equals(source.typeName())) {
            return "[" + text + "] links " + file + ", which is class " + source.typeName() + ", not " + names[0];
        }
        for (int i = 1; i < names.length; i++) {
            if (!source.declares(names[i])) {
                return "[" + text + "]: " + file + " declares no '" + names[i] + "'";
            }
        }
        return null;
    }

    private static List<String> headingSlugs(Path markdown) {
        List<String> slugs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : readLines(markdown)) {
            if (line.strip().startsWith("```")) inFence = !inFence;
            if (inFence) continue;
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) continue;
            String slug = Markdown.slug(heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"));
            int count = seen.merge(slug, 1, Integer::sum);
            slugs.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return slugs;
    }

    /** The names of every Java file in the repository's modules, build output left out. */
    private static Set<String> javaTypesUnder(Path root) {
        Set<String> types = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(root) && (name.equals("target") || name.startsWith("."))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".java") && !name.equals("package-info.java")) {
                        types.add(name.substring(0, name.length() - ".java".length()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Java files under " + root, e);
        }
        return types;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
