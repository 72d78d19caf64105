package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Java file, line by line, as written and with its comments blanked out. A small lexer, enough
 * for counting code lines, scanning for declarations and checking that a method a document names is
 * declared here: it knows comments, string and char literals and text blocks, nothing more.
 *
 * @param path the file, relative to the repository's root
 * @param lines the lines as written
 * @param code the same lines with every comment removed (literals kept)
 */
record JavaSource(Path path, List<String> lines, List<String> code) {
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+(\\w+)");
    private static final Pattern RECORD_HEADER = Pattern.compile("\\brecord\\s+\\w+\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)");
    private static final String MODIFIERS =
            "(?:(?:@\\w+(?:\\([^)]*\\))?|public|protected|private|static|final|abstract|synchronized|default|native|strictfp"
                    + "|volatile|transient|sealed|non-sealed)\\s+)*";
    /** A type as it appears before a member's name: not a keyword that can start a statement. */
    private static final String TYPE =
            "(?!(?:return|new|throw|else|case|yield|assert|package|import)\\b)[\\w.$]+(?:<.*>)?(?:\\[\\])*\\s+";
    private static final String TYPE_PARAMETERS = "(?:<[^()]*>\\s+)?";

    static JavaSource read(Path root, Path relative) {
        try {
            List<String> lines = Files.readAllLines(root.resolve(relative), StandardCharsets.UTF_8);
            return new JavaSource(relative, List.copyOf(lines), withoutComments(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    static JavaSource of(Path relative, List<String> lines) {
        return new JavaSource(relative, List.copyOf(lines), withoutComments(lines));
    }

    /** The file's name without {@code .java}: the top-level type it declares. */
    String typeName() {
        String name = path.getFileName().toString();
        return name.endsWith(".java") ? name.substring(0, name.length() - ".java".length()) : name;
    }

    /** A line that holds code once comments are gone, other than the package and import lines. */
    boolean isCodeLine(int index) {
        String stripped = code.get(index).strip();
        return !stripped.isEmpty() && !stripped.startsWith("package ") && !stripped.startsWith("import ");
    }

    /** Lines of code: not blank, not only comment, not package or import. */
    int codeLineCount() {
        int count = 0;
        for (int i = 0; i < code.size(); i++) {
            if (isCodeLine(i)) count++;
        }
        return count;
    }

    /**
     * True if the file declares a method, constructor, field, record component or nested type of this
     * name. Declarations are recognised line by line: modifiers and annotations, a type, then the
     * name followed by {@code (} for a method, or by {@code =}, {@code ;} or {@code ,} for a field;
     * in an enum, a constant at the start of a line or right after the enum's brace.
     */
    boolean declares(String member) {
        String name = Pattern.quote(member);
        Pattern method = Pattern.compile("^\\s*" + MODIFIERS + TYPE_PARAMETERS + TYPE + name + "\\s*\\(");
        Pattern constructor = Pattern.compile("^\\s*" + MODIFIERS + TYPE_PARAMETERS + name + "\\s*\\(");
        Pattern field = Pattern.compile("^\\s*" + MODIFIERS + TYPE + name + "\\s*(?:=|;|,)");
        Pattern enumConstant = Pattern.compile("(?:^\\s*|\\benum\\s+\\w+[^{]*\\{\\s*)(?:\\w+\\s*(?:\\([^)]*\\))?\\s*,\\s*)*"
                + name + "\\s*(?:\\(|,|;|\\{|\\}|$)");
        boolean typeName = Character.isUpperCase(member.charAt(0));
        boolean anEnum = code.stream().anyMatch(line -> line.matches(".*\\benum\\s+\\w+.*"));
        for (String line : code) {
            if (anEnum && enumConstant.matcher(line).find()) return true;
            if (method.matcher(line).find() || field.matcher(line).find()) return true;
            if (typeName && constructor.matcher(line).find()) return true;
            if (declaresType(line, member) || declaresRecordComponent(line, member)) return true;
        }
        return false;
    }

    private static boolean declaresType(String line, String member) {
        Matcher type = TYPE_DECLARATION.matcher(line);
        while (type.find()) {
            if (type.group(1).equals(member)) return true;
        }
        return false;
    }

    private static boolean declaresRecordComponent(String line, String member) {
        Matcher header = RECORD_HEADER.matcher(line);
        if (!header.find()) return false;
        for (String component : header.group(1).split(",")) {
            String[] words = component.strip().split("\\s+");
            if (words.length > 0 && words[words.length - 1].equals(member)) return true;
        }
        return false;
    }

    /** Blanks out comments, keeping line breaks, so that line numbers stay those of the file. */
    static List<String> withoutComments(List<String> lines) {
        List<String> result = new ArrayList<>(lines.size());
        boolean inBlockComment = false;
        boolean inTextBlock = false;
        for (String line : lines) {
            StringBuilder kept = new StringBuilder(line.length());
            int i = 0;
            while (i < line.length()) {
                if (inBlockComment) {
                    int end = line.indexOf("*/", i);
                    if (end < 0) {
                        i = line.length();
                    } else {
                        inBlockComment = false;
                        i = end + 2;
                        kept.append(' ');
                    }
                } else if (inTextBlock) {
                    int end = line.indexOf("\"\"\"", i);
                    if (end < 0) {
                        kept.append(line, i, line.length());
                        i = line.length();
                    } else {
                        kept.append(line, i, end + 3);
                        inTextBlock = false;
                        i = end + 3;
                    }
                } else if (line.startsWith("//", i)) {
                    i = line.length();
                } else if (line.startsWith("/*", i)) {
                    inBlockComment = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    kept.append("\"\"\"");
                    inTextBlock = true;
                    i += 3;
                } else if (line.charAt(i) == '"' || line.charAt(i) == '\'') {
                    int end = endOfLiteral(line, i);
                    kept.append(line, i, end);
                    i = end;
                } else {
                    kept.append(line.charAt(i));
                    i++;
                }
            }
            result.add(kept.toString().stripTrailing());
        }
        return List.copyOf(result);
    }

    /** The index just past the string or char literal that starts at {@code start}. */
    private static int endOfLiteral(String line, int start) {
        char quote = line.charAt(start);
        int i = start + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return line.length();
    }
}
