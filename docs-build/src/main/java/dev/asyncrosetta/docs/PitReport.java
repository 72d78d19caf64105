package dev.asyncrosetta.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * One style module's PIT run, as PIT's XML report and the mutation profile's run marker record it: every
 * mutant with its outcome, when the run started and ended, and on which JDK. The marker is written just
 * before PIT starts (the parent POM's mutation profile); the run ends when PIT writes its report.
 *
 * @param module the style module's id ({@code futures}, {@code loom})
 * @param mutants every mutant PIT made, in the report's order
 * @param started when PIT started, if the marker says
 * @param ended when PIT wrote the report
 * @param jdk the JDK PIT's minions ran on, if the marker says
 */
record PitReport(String module, List<Mutant> mutants, Optional<Instant> started, Instant ended, String jdk) {

    /** Where PIT writes its XML report, and the profile its marker, inside a module. */
    static final Path REPORT = Path.of("target/pit-reports/mutations.xml");
    static final Path MARKER = Path.of("target/pit-reports/run.properties");

    /** What PIT says became of a mutant. */
    enum Status {
        KILLED, TIMED_OUT, SURVIVED, NO_COVERAGE, MEMORY_ERROR, RUN_ERROR, NON_VIABLE, NOT_STARTED, STARTED;

        /** A test failed, the minion ran out of memory or time: the broken style did not pass. */
        boolean detected() {
            return this == KILLED || this == TIMED_OUT || this == MEMORY_ERROR;
        }
    }

    /**
     * A mutant: where PIT changed the style's code, how, and what came of it.
     *
     * @param className the mutated class, without its package
     * @param method the mutated method ({@code lambda$run$3} for a lambda's body)
     * @param line the source line
     * @param mutator PIT's mutator, without its package ({@code VoidMethodCallMutator})
     * @param description PIT's words for the change
     * @param status its outcome
     * @param killingTest the test that failed on it, empty when none did
     */
    record Mutant(String className, String method, int line, String mutator, String description, Status status, String killingTest) {}

    /** The module's report, if a finished mutation run left one in its target directory. */
    static Optional<PitReport> of(String module, Path moduleDir) {
        Path report = moduleDir.resolve(REPORT);
        try {
            // PIT creates the file when it starts and fills it when it ends: empty, the run is not over.
            if (!Files.isRegularFile(report) || Files.size(report) == 0) return Optional.empty();
            Properties marker = new Properties();
            Path markerFile = moduleDir.resolve(MARKER);
            if (Files.isRegularFile(markerFile)) {
                try (InputStream in = Files.newInputStream(markerFile)) {
                    marker.load(in);
                }
            }
            Optional<Instant> started = Optional.ofNullable(marker.getProperty("started")).map(when -> Instant.parse(when.strip()));
            return Optional.of(new PitReport(module, parse(report), started, Files.getLastModifiedTime(report).toInstant(),
                    marker.getProperty("jdk", "unknown JDK").strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + report, e);
        }
    }

    /** How long PIT ran, if the marker says when it started. */
    Optional<Duration> wallTime() {
        return started.map(start -> Duration.between(start, ended));
    }

    long count(Status status) {
        return mutants.stream().filter(mutant -> mutant.status() == status).count();
    }

    private static List<Mutant> parse(Path report) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
            List<Mutant> mutants = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                Element mutation = (Element) nodes.item(i);
                String mutatedClass = text(mutation, "mutatedClass");
                String mutator = text(mutation, "mutator");
                mutants.add(new Mutant(mutatedClass.substring(mutatedClass.lastIndexOf('.') + 1), text(mutation, "mutatedMethod"),
                        Integer.parseInt(text(mutation, "lineNumber")), mutator.substring(mutator.lastIndexOf('.') + 1),
                        text(mutation, "description"), Status.valueOf(mutation.getAttribute("status")), text(mutation, "killingTest")));
            }
            return List.copyOf(mutants);
        } catch (ParserConfigurationException | SAXException | IllegalArgumentException e) {
            throw new IOException(report + " is not a PIT XML report: " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList found = parent.getElementsByTagName(tag);
        return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
    }
}
