package dev.asyncrosetta.docs;

import java.util.List;

/** What keeps the documents from being built or trusted, every problem found at once. */
final class DocsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    DocsException(String headline, List<String> problems) {
        super(headline + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
