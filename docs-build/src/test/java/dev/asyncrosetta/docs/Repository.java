package dev.asyncrosetta.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the documents describe: where surefire says it is, or the nearest directory up that looks like it. */
final class Repository {
    private Repository() {}

    static Path root() {
        String configured = System.getProperty("rosetta.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docs/CONTRACT.md")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath() + "; set -Drosetta.root");
    }
}
