package dev.asyncrosetta.docs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * Eight hex digits that change when a region's code changes: the first bytes of the SHA-256 of its
 * code lines, comments left out and runs of white space made one space, so that re-indenting or
 * rewording a comment does not make the notes about it stale, and changing what the code does does.
 */
final class Fingerprint {
    private Fingerprint() {}

    static String of(List<Snippet> parts, Map<Path, JavaSource> sources) {
        List<String> code = new ArrayList<>();
        for (Snippet part : parts) {
            JavaSource source = sources.get(part.file());
            for (int line = part.firstLine(); line <= part.lastLine(); line++) {
                String normalized = source.code().get(line - 1).strip().replaceAll("\\s+", " ");
                if (!normalized.isEmpty()) code.add(normalized);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", code).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
