package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.app.conformance.SurefireReport.Result;
import dev.asyncrosetta.app.conformance.SurefireReport.TestCase;
import dev.asyncrosetta.contract.CheckoutContract;
import dev.asyncrosetta.model.CheckoutStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;

/**
 * Writes docs/conformance.md, the table of every style against every contract scenario, the
 * differential property and the soak, from the reports the tests wrote; nothing in it is typed by
 * hand. The app module's build runs it in the verify phase, after its own tests, when every style
 * module's tests have already run in the same build:
 *
 * <pre>{@code java ... ConformanceMatrix <project root> <app's surefire-reports> <output file>}</pre>
 *
 * <p>The styles are the ones ServiceLoader finds on this class path, the scenarios the C-numbered
 * tests of {@link CheckoutContract}. A style's contract report is the surefire report of its
 * {@code XxxContractTest}, next to its {@code XxxStyle} in the same package (the convention every
 * style module follows), found under any module's {@code target/surefire-reports}.
 */
public final class ConformanceMatrix {
    private static final Pattern SCENARIO = Pattern.compile("(C(\\d+))_.*");
    private static final Pattern SOAK_STYLE = Pattern.compile("(?m)^soak (\\S+): ");
    private static final Pattern COMPARED = Pattern.compile("styles compared: \\[(.*)]");
    private static final String DIFFERENTIAL = CrossStyleDifferentialTest.class.getName();
    private static final String SOAK = CrossStyleSoakTest.class.getName();
    private static final String SELF_CHECK = DivergingStyleTest.class.getName();

    /** A column: a style and the contract test class that reports on it. */
    record Column(String style, String summary, String contractTest) {
        static Column of(CheckoutStyle style) {
            String styleClass = style.getClass().getName();
            String stem = styleClass.endsWith("Style") ? styleClass.substring(0, styleClass.length() - "Style".length()) : styleClass;
            return new Column(style.name(), style.summary(), stem + "ContractTest");
        }
    }

    /** A row of the contract: its id, number and what it checks. */
    record Scenario(String id, int number, String title) {}

    enum Cell {
        PASS("✅"), FAIL("❌"), NOT_APPLICABLE("➖"), NOT_RUN("⬜");

        final String mark;

        Cell(String mark) {
            this.mark = mark;
        }
    }

    private final Path root;
    private final Path appReports;
    private final List<Column> columns;
    private final List<Scenario> scenarios;
    private final String generated;

    ConformanceMatrix(Path root, Path appReports, List<Column> columns, List<Scenario> scenarios, String generated) {
        this.root = root;
        this.appReports = appReports;
        this.columns = List.copyOf(columns);
        this.scenarios = List.copyOf(scenarios);
        this.generated = generated;
    }

    /** The README's copy of {@link #summary()} sits between these two lines. */
    static final String SUMMARY_BEGIN = "<!-- conformance summary: begin (generated with docs/conformance.md) -->";
    static final String SUMMARY_END = "<!-- conformance summary: end -->";

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: ConformanceMatrix <project root> <app surefire-reports dir> <output file> [<README with a summary region>]");
        }
        String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).format(ZonedDateTime.now(ZoneOffset.UTC))
                + " with JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
        List<Column> columns = CheckoutStyle.all().stream().map(Column::of).toList();
        ConformanceMatrix matrix = new ConformanceMatrix(Path.of(args[0]).toAbsolutePath().normalize(), Path.of(args[1]), columns,
                contractScenarios(), generated);
        Path output = Path.of(args[2]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, matrix.markdown(), StandardCharsets.UTF_8);
        System.out.println("conformance matrix: " + columns.size() + " styles x " + matrix.scenarios.size() + " scenarios -> " + output);
        if (args.length == 4) {
            Path readme = Path.of(args[3]);
            Files.writeString(readme, withSummary(Files.readString(readme, StandardCharsets.UTF_8), matrix.summary()), StandardCharsets.UTF_8);
            System.out.println("conformance summary -> " + readme);
        }
    }

    /** The text with its summary region replaced; a text without the region is a mistake, not a no-op. */
    static String withSummary(String text, String summary) {
        int begin = text.indexOf(SUMMARY_BEGIN);
        int end = text.indexOf(SUMMARY_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("no summary region (" + SUMMARY_BEGIN + " ... " + SUMMARY_END + ") to write into");
        }
        return text.substring(0, begin + SUMMARY_BEGIN.length()) + "\n" + summary + text.substring(end);
    }

    /**
     * The matrix folded to a row per style, for the README: how many of the contract's scenarios
     * passed of those that apply to it, and the differential and soak cells. The full matrix stays in
     * docs/conformance.md.
     */
    String summary() {
        List<Scenario> rows = scenarios();
        String range = rows.isEmpty() ? "" : " " + rows.get(0).id() + "–" + rows.get(rows.size() - 1).id();
        List<Cell> differential = differentialCells(appReport(DIFFERENTIAL), new ArrayList<>());
        List<Cell> soak = soakCells(appReport(SOAK), new ArrayList<>());
        StringBuilder md = new StringBuilder("| style | contract" + range + " | differential | soak |\n|---|:-:|:-:|:-:|\n");
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Optional<SurefireReport> report = findReport(column.contractTest());
            List<Cell> cells = rows.stream().map(scenario -> report.map(r -> cell(of(r, scenario.id()))).orElse(Cell.NOT_RUN)).toList();
            long passed = cells.stream().filter(cell -> cell == Cell.PASS).count();
            long applicable = cells.stream().filter(cell -> cell != Cell.NOT_APPLICABLE).count();
            Cell contract = cells.contains(Cell.FAIL) ? Cell.FAIL : passed == applicable ? Cell.PASS : Cell.NOT_RUN;
            md.append("| ").append(column.style()).append(" | ").append(contract.mark).append(' ').append(passed).append(" of ")
                    .append(applicable).append(" | ").append(differential.get(i).mark).append(" | ").append(soak.get(i).mark).append(" |\n");
        }
        return md.append("\nFrom the build of ").append(generated).append("; every cell, with how each was checked: ")
                .append("[docs/conformance.md](docs/conformance.md).\n").toString();
    }

    /** The contract's scenarios, read off its test methods: C1_happyPath with @DisplayName("C1 happy path"). */
    static List<Scenario> contractScenarios() {
        Map<Integer, Scenario> byNumber = new TreeMap<>();
        for (Method method : CheckoutContract.class.getMethods()) {
            Matcher id = SCENARIO.matcher(method.getName());
            if (!id.matches()) continue;
            DisplayName title = method.getAnnotation(DisplayName.class);
            String text = title == null ? method.getName() : title.value().replaceFirst("^" + id.group(1) + "\\s*", "");
            byNumber.put(Integer.parseInt(id.group(2)), new Scenario(id.group(1), Integer.parseInt(id.group(2)), text));
        }
        return List.copyOf(byNumber.values());
    }

    String markdown() {
        Map<String, Optional<SurefireReport>> contract = new LinkedHashMap<>();
        columns.forEach(column -> contract.put(column.style(), findReport(column.contractTest())));
        Optional<SurefireReport> differential = appReport(DIFFERENTIAL);
        Optional<SurefireReport> soak = appReport(SOAK);
        Optional<SurefireReport> selfCheck = appReport(SELF_CHECK);
        List<String> failures = new ArrayList<>();

        StringBuilder md = new StringBuilder();
        md.append("# Conformance matrix\n\n")
                .append("<!-- Generated by the build (module app, ").append(ConformanceMatrix.class.getSimpleName())
                .append(", verify phase); do not edit by hand: the next `mvn verify` overwrites it. -->\n\n")
                .append("Every style found on the class path against every contract scenario ([CONTRACT.md](CONTRACT.md)), ")
                .append("the cross-style differential property and the fault soak, read from the test reports of the build ")
                .append("of ").append(generated).append(".\n\n");

        md.append("| Scenario |");
        columns.forEach(c -> md.append(" ").append(c.style()).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append(":-:|"));
        md.append('\n');
        for (Scenario scenario : scenarios()) {
            int cases = 0;
            List<Cell> cells = new ArrayList<>();
            for (Column column : columns) {
                List<TestCase> results = contract.get(column.style()).map(r -> of(r, scenario.id())).orElse(List.of());
                cases = Math.max(cases, results.size());
                cells.add(cell(results));
                results.stream().filter(t -> t.result() == Result.FAILED).findFirst()
                        .ifPresent(t -> failures.add(column.style() + ", " + scenario.id() + ": " + firstLine(t.message())));
            }
            row(md, "**" + scenario.id() + "** " + scenario.title() + (cases > 1 ? " (" + cases + " cases)" : ""), cells);
        }
        row(md, "**Differential** (all styles, same random cases)", differentialCells(differential, failures));
        row(md, "**Soak** (faults, 256 in flight)", soakCells(soak, failures));

        md.append("\n✅ pass · ❌ fail · ➖ not applicable (skipped for that style) · ⬜ not run (no report for the style, ")
                .append("or no result for the row in it). A scenario with several cases passes when all of them pass. ")
                .append("A failing build stops before this file is written; run with `-Dmaven.test.failure.ignore=true` ")
                .append("to see failures here.\n");

        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        sources(md, contract);
        differentialDetails(md, differential);
        soakDetails(md, soak);
        selfCheck(md, selfCheck);
        return md.toString();
    }

    /** The contract's scenarios, and any other C-numbered row a report has (a newer or older contract). */
    private List<Scenario> scenarios() {
        Map<Integer, Scenario> all = new TreeMap<>();
        scenarios.forEach(s -> all.put(s.number(), s));
        for (Column column : columns) {
            for (TestCase test : findReport(column.contractTest()).map(SurefireReport::testCases).orElse(List.of())) {
                Matcher id = SCENARIO.matcher(test.name());
                if (id.matches()) {
                    int number = Integer.parseInt(id.group(2));
                    all.putIfAbsent(number, new Scenario(id.group(1), number, ""));
                }
            }
        }
        return List.copyOf(all.values());
    }

    private static List<TestCase> of(SurefireReport report, String scenarioId) {
        return report.testCases().stream().filter(t -> {
            Matcher id = SCENARIO.matcher(t.name());
            return id.matches() && id.group(1).equals(scenarioId);
        }).toList();
    }

    static Cell cell(List<TestCase> results) {
        if (results.isEmpty()) return Cell.NOT_RUN;
        if (results.stream().anyMatch(t -> t.result() == Result.FAILED)) return Cell.FAIL;
        if (results.stream().allMatch(t -> t.result() == Result.SKIPPED)) return Cell.NOT_APPLICABLE;
        return Cell.PASS;
    }

    /**
     * The property prints which styles it compared (all it found, when it found none to print); a
     * failure names the styles out of line, and one that names none (the property broke before
     * comparing anything) counts against all of them.
     */
    private List<Cell> differentialCells(Optional<SurefireReport> report, List<String> failures) {
        if (report.isEmpty() || report.get().testCases().isEmpty()) return columns.stream().map(c -> Cell.NOT_RUN).toList();
        List<String> compared = report.get().testCases().stream().map(TestCase::output)
                .map(COMPARED::matcher).filter(Matcher::find).findFirst()
                .map(m -> Arrays.stream(m.group(1).split(",")).map(String::trim).toList())
                .orElse(columns.stream().map(Column::style).toList());
        List<String> outOfLine = new ArrayList<>();
        boolean unattributed = false;
        for (TestCase test : report.get().testCases()) {
            if (test.result() != Result.FAILED) continue;
            int marker = test.message().lastIndexOf(Differential.OUT_OF_LINE);
            if (marker < 0) {
                unattributed = true;
                failures.add("differential, " + test.name() + ": " + firstLine(test.message()));
                continue;
            }
            String names = test.message().substring(marker + Differential.OUT_OF_LINE.length()).lines().findFirst().orElse("");
            List<String> styles = Arrays.stream(names.replaceAll("[\\[\\]]", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            outOfLine.addAll(styles);
            failures.add("differential, " + test.name() + ": out of line " + styles + " on " + firstLine(test.message()));
        }
        boolean allFail = unattributed;
        return columns.stream().map(c -> !compared.contains(c.style()) ? Cell.NOT_RUN
                : allFail || outOfLine.contains(c.style()) ? Cell.FAIL : Cell.PASS).toList();
    }

    private List<Cell> soakCells(Optional<SurefireReport> report, List<String> failures) {
        Map<String, TestCase> byStyle = soakByStyle(report);
        return columns.stream().map(c -> {
            TestCase test = byStyle.get(c.style());
            if (test == null) return Cell.NOT_RUN;
            if (test.result() == Result.FAILED) failures.add(c.style() + ", soak: " + firstLine(test.message()));
            return cell(List.of(test));
        }).toList();
    }

    /** The soak names its style on the first line it prints. */
    private static Map<String, TestCase> soakByStyle(Optional<SurefireReport> report) {
        Map<String, TestCase> byStyle = new LinkedHashMap<>();
        report.ifPresent(r -> r.testCases().forEach(test -> {
            Matcher style = SOAK_STYLE.matcher(test.output());
            if (style.find()) byStyle.put(style.group(1), test);
        }));
        return byStyle;
    }

    private void sources(StringBuilder md, Map<String, Optional<SurefireReport>> contract) {
        md.append("\n## Where the results come from\n\n")
                .append("| Style | What it is | Contract report | Tests | Failed | Skipped | Time | JDK | Written |\n")
                .append("|---|---|---|--:|--:|--:|--:|---|---|\n");
        for (Column column : columns) {
            Optional<SurefireReport> report = contract.get(column.style());
            md.append("| ").append(column.style()).append(" | ").append(column.summary()).append(" | ");
            if (report.isEmpty()) {
                md.append("not found: `TEST-").append(column.contractTest()).append(".xml` | | | | | | |\n");
                continue;
            }
            SurefireReport r = report.get();
            md.append('`').append(root.relativize(r.file()).toString().replace('\\', '/')).append("` | ")
                    .append(r.testCases().size()).append(" | ").append(r.count(Result.FAILED)).append(" | ")
                    .append(r.count(Result.SKIPPED)).append(" | ").append(seconds(r.seconds())).append(" | ")
                    .append(r.properties().getOrDefault("java.version", "?")).append(" | ")
                    .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).format(r.written().atZone(ZoneOffset.UTC)))
                    .append(" |\n");
        }
    }

    private void differentialDetails(StringBuilder md, Optional<SurefireReport> report) {
        md.append("\n## Differential\n\n");
        if (report.isEmpty()) {
            md.append("No report (`TEST-").append(DIFFERENTIAL).append(".xml`).\n");
            return;
        }
        md.append("`").append(CrossStyleDifferentialTest.class.getSimpleName()).append("`: each case runs on every style at once, ")
                .append("against one shop; the outcome and the ledger's effect must be equal. ")
                .append(report.get().testCases().size()).append(" tests, ").append(report.get().count(Result.FAILED))
                .append(" failed, ").append(seconds(report.get().seconds())).append(".\n\n```\n");
        report.get().testCases().stream().map(TestCase::output).map(out -> from(out, "differential: "))
                .filter(out -> !out.isBlank()).findFirst().ifPresent(out -> md.append(out.strip()).append('\n'));
        md.append("```\n");
    }

    private void soakDetails(StringBuilder md, Optional<SurefireReport> report) {
        md.append("\n## Soak\n\n");
        Map<String, TestCase> byStyle = soakByStyle(report);
        if (byStyle.isEmpty()) {
            md.append("No report (`TEST-").append(SOAK).append(".xml`).\n");
            return;
        }
        md.append("| Style | Time | What happened |\n|---|--:|---|\n");
        byStyle.forEach((style, test) -> {
            String last = test.output().lines().filter(line -> line.startsWith("soak " + style + ": ")).reduce((a, b) -> b).orElse("");
            String text = test.result() == Result.FAILED ? "failed: " + firstLine(test.message()) : last.substring(last.indexOf(": ") + 2);
            md.append("| ").append(style).append(" | ").append(seconds(test.seconds())).append(" | ").append(text.replace("|", "\\|")).append(" |\n");
        });
    }

    private void selfCheck(StringBuilder md, Optional<SurefireReport> report) {
        md.append("\n## Can the differential property fail?\n\n");
        if (report.isEmpty() || report.get().testCases().isEmpty()) {
            md.append("Not run (`TEST-").append(SELF_CHECK).append(".xml`).\n");
            return;
        }
        TestCase test = report.get().testCases().get(0);
        md.append("`").append(DivergingStyleTest.class.getSimpleName()).append("` runs the property on a real style and a twin ")
                .append("that reports one attempt too few when a call runs out of attempts: ")
                .append(cell(List.of(test)).mark).append(' ')
                .append(test.result() == Result.FAILED ? "not shown: " + firstLine(test.message()) : "caught and shrunk.").append('\n');
        String caught = from(test.output(), "the miscounting twin was caught");
        if (!caught.isBlank()) md.append("\n```\n").append(caught.strip()).append("\n```\n");
    }

    private static void row(StringBuilder md, String title, List<Cell> cells) {
        md.append("| ").append(title).append(" |");
        cells.forEach(cell -> md.append(' ').append(cell.mark).append(" |"));
        md.append('\n');
    }

    private Optional<SurefireReport> appReport(String testClass) {
        return read(appReports.resolve("TEST-" + testClass + ".xml"));
    }

    /** The newest report of this test class under any module's target/surefire-reports. */
    private Optional<SurefireReport> findReport(String testClass) {
        String name = "TEST-" + testClass + ".xml";
        try (Stream<Path> files = Files.walk(root, 5)) {
            return files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(p -> p.getParent().getFileName().toString().equals("surefire-reports"))
                    .max(Comparator.comparing(ConformanceMatrix::modified))
                    .flatMap(ConformanceMatrix::read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<SurefireReport> read(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(SurefireReport.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The output from the first line starting with the marker on (tools may print ahead of it on the same line). */
    private static String from(String output, String marker) {
        int at = output.indexOf(marker);
        return at < 0 ? "" : output.substring(at);
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return (line.length() > 200 ? line.substring(0, 197) + "..." : line).replace("|", "\\|");
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
