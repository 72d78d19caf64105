package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.app.conformance.SurefireReport.Result;
import dev.asyncrosetta.app.conformance.SurefireReport.TestCase;
import dev.asyncrosetta.model.CheckoutStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the table of every style against every scenario of each suite of the contract, the
 * differential property and the soak, from the reports the tests wrote; nothing in it is typed by
 * hand. The app module's build runs it in the verify phase, after its own tests, when every style
 * module's tests have already run in the same build.
 *
 * <p>It renders the matrix twice. The build's own copy, {@code app/target/conformance.md}, has this
 * run's details: when and on which JDK, each report's time, the differential's cases and the soak's
 * figures. The tracked page, docs/conformance.md, and the summary region of README.md have only what
 * stays the same from one run to the next while every test passes: the cells, the scenarios, the
 * styles, where each result comes from. A plain build never writes them: it renders them into
 * app/target and fails when the committed ones differ, as docs-build does for docs/side-by-side.md;
 * with {@code -Drosetta.docs.write=true} it writes them. A build that cannot render the whole page (a
 * style's report missing, say under {@code -pl app}, or the loom styles absent below JDK 21) neither
 * checks nor writes them, and says so.
 *
 * <pre>{@code java ... ConformanceMatrix --root DIR --reports DIR --target FILE
 *     [--page FILE --readme FILE --write true|false --every-style true|false]}</pre>
 *
 * <p>The styles are the ones ServiceLoader finds on this class path; the suites, the {@link Suite}s
 * whose contract class it has: the contract's C-numbered scenarios, read off {@code CheckoutContract},
 * open the page, each further suite (paying through the broker, M1…) has a table of its own. A style's
 * report of a suite is the surefire report of its {@code XxxContractTest}, {@code XxxBrokerContractTest}
 * and so on, next to its {@code XxxStyle} in the same package (the convention every style module
 * follows), found under any module's {@code target/surefire-reports}. A missing report, or a scenario
 * missing from one, is a gap in any suite.
 */
public final class ConformanceMatrix {
    private static final Pattern SOAK_STYLE = Pattern.compile("(?m)^soak (\\S+): ");
    private static final Pattern COMPARED = Pattern.compile("styles compared: \\[(.*)]");
    private static final String DIFFERENTIAL = CrossStyleDifferentialTest.class.getName();
    private static final String SOAK = CrossStyleSoakTest.class.getName();
    private static final String SELF_CHECK = DivergingStyleTest.class.getName();

    /** The switch that writes the tracked pages instead of checking them; docs-build's, for docs/side-by-side.md. */
    static final String WRITE_PROPERTY = "rosetta.docs.write";
    static final String REFRESH_COMMAND = "mvn verify -D" + WRITE_PROPERTY + "=true (the whole build, at the project root, on JDK 21 or newer)";

    /**
     * A column: a style, and the stem of its test classes' names, its style class's name without
     * {@code Style} ({@code dev.asyncrosetta.futures.Futures}), which each suite's suffix completes.
     */
    record Column(String style, String summary, String stem) {
        static Column of(CheckoutStyle style) {
            String styleClass = style.getClass().getName();
            String stem = styleClass.endsWith("Style") ? styleClass.substring(0, styleClass.length() - "Style".length()) : styleClass;
            return new Column(style.name(), style.summary(), stem);
        }

        /** The test class that runs the suite on this style: {@code dev.asyncrosetta.futures.FuturesBrokerContractTest}. */
        String test(Suite suite) {
            return stem + suite.reportSuffix();
        }
    }

    /** A row: its id (C1, M1: the suite's letter and the number), number and what it checks. */
    record Scenario(String id, int number, String title) {}

    enum Cell {
        PASS("✅"), FAIL("❌"), NOT_APPLICABLE("➖"), NOT_RUN("⬜");

        final String mark;

        Cell(String mark) {
            this.mark = mark;
        }
    }

    /**
     * What one rendering has: the tracked page has only what a reader needs and what does not change
     * from run to run; the build's copy adds this run's times, JDK and figures.
     */
    enum Rendering { TRACKED, THIS_RUN }

    private final Path root;
    private final Path appReports;
    private final List<Column> columns;
    private final List<Suite> suites;
    private final List<Scenario> scenarios;
    private final String generated;
    /** Each report as this matrix first read it, so that the page, the summary and the gaps tell of the same reports. */
    private final Map<String, Optional<SurefireReport>> reports = new HashMap<>();

    /**
     * @param suites the suites to render, in the page's order
     * @param scenarios their scenarios, of every suite (each belongs to the suite with its id's letter)
     */
    ConformanceMatrix(Path root, Path appReports, List<Column> columns, List<Suite> suites, List<Scenario> scenarios, String generated) {
        this.root = root;
        this.appReports = appReports;
        this.columns = List.copyOf(columns);
        this.suites = List.copyOf(suites);
        this.scenarios = List.copyOf(scenarios);
        this.generated = generated;
        for (Scenario scenario : scenarios) {
            if (suites.stream().noneMatch(suite -> suite.owns(scenario))) {
                throw new IllegalArgumentException("scenario " + scenario.id() + " is of none of the suites " + suites);
            }
        }
    }

    /** The matrix of every suite on this class path, with the scenarios their contract classes name. */
    static ConformanceMatrix of(Path root, Path appReports, List<Column> columns, List<Suite> suites, String generated) {
        return new ConformanceMatrix(root, appReports, columns, suites,
                suites.stream().flatMap(suite -> suite.scenarios().stream()).toList(), generated);
    }

    /** The README's copy of {@link #summary()} sits between these two lines. */
    static final String SUMMARY_BEGIN = "<!-- conformance summary: begin (generated with docs/conformance.md) -->";
    static final String SUMMARY_END = "<!-- conformance summary: end -->";

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        String generated = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).format(ZonedDateTime.now(ZoneOffset.UTC))
                + " with JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
        List<Column> columns = CheckoutStyle.all().stream().map(Column::of).toList();
        ConformanceMatrix matrix = of(Path.of(options.get("--root")).toAbsolutePath().normalize(),
                Path.of(options.get("--reports")), columns, Suite.onClassPath(), generated);
        Path target = Path.of(options.get("--target"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, matrix.markdown(Rendering.THIS_RUN), StandardCharsets.UTF_8);
        System.out.println("conformance matrix: " + columns.size() + " styles x "
                + matrix.rows().values().stream().map(ConformanceMatrix::range).collect(Collectors.joining(", ")) + " -> " + target);
        if (options.containsKey("--page")) {
            Path page = Path.of(options.get("--page"));
            Path readme = Path.of(options.get("--readme"));
            Tracked tracked = new Tracked(page, readme, target.resolveSibling("conformance-page.md"), target.resolveSibling("README.md"));
            matrix.publish(tracked, Boolean.parseBoolean(options.get("--write")), Boolean.parseBoolean(options.get("--every-style")))
                    .forEach(line -> System.out.println("conformance: " + line));
        }
    }

    private static Map<String, String> options(String[] args) {
        String usage = "usage: ConformanceMatrix --root DIR --reports DIR --target FILE"
                + " [--page FILE --readme FILE --write true|false --every-style true|false]";
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
        List<String> known = List.of("--root", "--reports", "--target", "--page", "--readme", "--write", "--every-style");
        boolean tracked = options.containsKey("--page") || options.containsKey("--readme");
        if (args.length % 2 != 0 || !known.containsAll(options.keySet()) || !options.keySet().containsAll(known.subList(0, 3))
                || tracked && !options.keySet().containsAll(known)) {
            throw new IllegalArgumentException(usage + "; got " + String.join(" ", args));
        }
        return options;
    }

    /**
     * The tracked files and where this build renders them.
     *
     * @param page docs/conformance.md
     * @param readme README.md, whose summary region this build renders
     * @param renderedPage where the page, as this build renders it, goes (app/target)
     * @param renderedReadme where the README, with the summary this build renders, goes (app/target)
     */
    record Tracked(Path page, Path readme, Path renderedPage, Path renderedReadme) {}

    /**
     * Renders the tracked page and the README's summary into the build's directory; then writes them
     * over the tracked files when asked to, or else fails if a tracked file differs from its
     * rendering. A build without every style (the loom ones need JDK 21) or without a result for
     * every cell does neither: it cannot tell a stale page from a partial build.
     *
     * @return what it did, a line each
     * @throws IllegalStateException when a tracked file is stale, or when asked to write from a partial build
     */
    List<String> publish(Tracked tracked, boolean write, boolean everyStyle) throws IOException {
        String page = markdown(Rendering.TRACKED);
        String readmeNow = Files.readString(tracked.readme(), StandardCharsets.UTF_8);
        String readme = withSummary(readmeNow, summary());
        for (Path rendered : List.of(tracked.renderedPage(), tracked.renderedReadme())) {
            Files.createDirectories(rendered.toAbsolutePath().getParent());
        }
        Files.writeString(tracked.renderedPage(), page, StandardCharsets.UTF_8);
        Files.writeString(tracked.renderedReadme(), readme, StandardCharsets.UTF_8);

        List<String> partial = new ArrayList<>();
        if (!everyStyle) partial.add("this build has no loom styles (virtual-threads and blocking are built on JDK 21 or newer only)");
        partial.addAll(gaps());
        String pageName = name(tracked.page());
        String readmeName = name(tracked.readme());
        if (!partial.isEmpty()) {
            String why = "this is a partial build: " + String.join("; ", partial);
            if (write) {
                throw new IllegalStateException("not writing " + pageName + " and " + readmeName + "'s summary: " + why
                        + ". Run the whole build: " + REFRESH_COMMAND);
            }
            return List.of("NOT checking " + pageName + " and " + readmeName + "'s summary: " + why
                    + ". What this build renders: " + name(tracked.renderedPage()));
        }
        if (write) {
            Files.createDirectories(tracked.page().toAbsolutePath().getParent());
            Files.writeString(tracked.page(), page, StandardCharsets.UTF_8);
            Files.writeString(tracked.readme(), readme, StandardCharsets.UTF_8);
            return List.of("wrote " + pageName + " and " + readmeName + "'s summary");
        }
        List<String> stale = new ArrayList<>();
        String pageNow = Files.exists(tracked.page()) ? Files.readString(tracked.page(), StandardCharsets.UTF_8) : null;
        if (pageNow == null) {
            stale.add(pageName + " does not exist");
        } else if (!pageNow.equals(page)) {
            stale.add(pageName + " is stale: this build renders " + name(tracked.renderedPage()) + ", which differs " + firstDifference(pageNow, page));
        }
        if (!readmeNow.equals(readme)) {
            stale.add(readmeName + "'s conformance summary is stale: this build renders " + name(tracked.renderedReadme())
                    + ", which differs " + firstDifference(readmeNow, readme));
        }
        if (!stale.isEmpty()) {
            throw new IllegalStateException(String.join("; ", stale) + ". If the change is meant, refresh the tracked pages with: "
                    + REFRESH_COMMAND);
        }
        return List.of(pageName + " and " + readmeName + "'s summary are what this build renders");
    }

    private String name(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(root) ? root.relativize(absolute) : file).toString().replace('\\', '/');
    }

    private static String firstDifference(String committed, String fresh) {
        List<String> was = committed.lines().toList();
        List<String> now = fresh.lines().toList();
        for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
            String before = i < was.size() ? was.get(i) : "<end of file>";
            String after = i < now.size() ? now.get(i) : "<end of file>";
            if (!before.equals(after)) {
                return "from line " + (i + 1) + " on (committed: '" + shorten(before) + "', rendered now: '" + shorten(after) + "')";
            }
        }
        return "in its line endings";
    }

    private static String shorten(String line) {
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    /**
     * What this build has no result for: a style's report of a suite, a scenario in it, an app test's
     * report, a style the differential did not compare or the soak did not run. Each shows as ⬜.
     */
    List<String> gaps() {
        List<String> gaps = new ArrayList<>();
        rows().forEach((suite, rows) -> {
            for (Column column : columns) {
                Optional<SurefireReport> report = report(column, suite);
                if (report.isEmpty()) {
                    gaps.add("no " + suite.label() + " report for " + column.style() + " (TEST-" + column.test(suite) + ".xml)");
                    continue;
                }
                List<String> missing = rows.stream().filter(s -> cell(of(report.get(), suite, s.id())) == Cell.NOT_RUN).map(Scenario::id).toList();
                if (!missing.isEmpty()) gaps.add(column.style() + "'s " + suite.label() + " report has no result for " + String.join(", ", missing));
            }
        });
        for (String test : List.of(DIFFERENTIAL, SOAK, SELF_CHECK)) {
            if (appReport(test).map(r -> r.testCases().isEmpty()).orElse(true)) gaps.add("no report TEST-" + test + ".xml");
        }
        List<Cell> differential = differentialCells(appReport(DIFFERENTIAL), new ArrayList<>());
        List<Cell> soak = soakCells(appReport(SOAK), new ArrayList<>());
        for (int i = 0; i < columns.size(); i++) {
            if (appReport(DIFFERENTIAL).isPresent() && differential.get(i) == Cell.NOT_RUN) {
                gaps.add("the differential did not compare " + columns.get(i).style());
            }
            if (appReport(SOAK).isPresent() && soak.get(i) == Cell.NOT_RUN) gaps.add("no soak of " + columns.get(i).style());
        }
        return gaps;
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
     * The matrix folded to a row per style, for the README: for each suite, how many of its scenarios
     * passed of those that apply to the style; and the differential and soak cells. The full matrix
     * stays in docs/conformance.md.
     */
    String summary() {
        Map<Suite, List<Scenario>> rows = rows();
        List<Cell> differential = differentialCells(appReport(DIFFERENTIAL), new ArrayList<>());
        List<Cell> soak = soakCells(appReport(SOAK), new ArrayList<>());
        StringBuilder md = new StringBuilder("| style |");
        rows.forEach((suite, scenarios) -> md.append(' ').append(suite.label()).append(scenarios.isEmpty() ? "" : " " + range(scenarios)).append(" |"));
        md.append(" differential | soak |\n|---|").append(":-:|".repeat(rows.size() + 2)).append('\n');
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            md.append("| ").append(column.style()).append(" |");
            rows.forEach((suite, scenarios) -> {
                Optional<SurefireReport> report = report(column, suite);
                List<Cell> cells = scenarios.stream().map(s -> report.map(r -> cell(of(r, suite, s.id()))).orElse(Cell.NOT_RUN)).toList();
                long passed = cells.stream().filter(cell -> cell == Cell.PASS).count();
                long applicable = cells.stream().filter(cell -> cell != Cell.NOT_APPLICABLE).count();
                Cell folded = cells.contains(Cell.FAIL) ? Cell.FAIL : passed == applicable ? Cell.PASS : Cell.NOT_RUN;
                md.append(' ').append(folded.mark).append(' ').append(passed).append(" of ").append(applicable).append(" |");
            });
            md.append(' ').append(differential.get(i).mark).append(" | ").append(soak.get(i).mark).append(" |\n");
        }
        return md.append("\nEvery cell, with where each result comes from: [docs/conformance.md](docs/conformance.md).\n").toString();
    }

    /** The first and the last id of a suite's rows: C1–C35. */
    private static String range(List<Scenario> rows) {
        return rows.isEmpty() ? "none" : rows.get(0).id() + "–" + rows.get(rows.size() - 1).id();
    }

    /** The whole matrix, as the tracked page or as this build's copy with its run's details. */
    String markdown(Rendering rendering) {
        boolean thisRun = rendering == Rendering.THIS_RUN;
        Map<Suite, List<Scenario>> rows = rows();
        Optional<SurefireReport> differential = appReport(DIFFERENTIAL);
        Optional<SurefireReport> soak = appReport(SOAK);
        Optional<SurefireReport> selfCheck = appReport(SELF_CHECK);

        StringBuilder md = new StringBuilder();
        md.append("# Conformance matrix\n\n");
        if (thisRun) {
            md.append("<!-- Written by this build (module app, ").append(ConformanceMatrix.class.getSimpleName())
                    .append(", verify phase), with this run's details; docs/conformance.md is the same matrix without them. -->\n\n")
                    .append("Every style found on the class path against every contract scenario ([CONTRACT.md](CONTRACT.md)), ")
                    .append("the cross-style differential property and the fault soak, read from the test reports of the build ")
                    .append("of ").append(generated).append(".\n\n");
        } else {
            md.append("<!-- Generated from the test reports by the build (module app, ").append(ConformanceMatrix.class.getSimpleName())
                    .append("); do not edit by hand. `mvn verify` fails when this page is not what the reports render; ")
                    .append("`mvn verify -D").append(WRITE_PROPERTY).append("=true` rewrites it. -->\n\n")
                    .append("Every style against every contract scenario ([CONTRACT.md](CONTRACT.md)), ")
                    .append("the cross-style differential property and the fault soak, read from the test reports of the build. ")
                    .append("Each build checks that this page is still what its reports say, and writes its own copy, with ")
                    .append("its times, JDK and figures, to `app/target/conformance.md`.\n\n");
        }

        List<String> failures = new ArrayList<>();
        header(md);
        rows.forEach((suite, scenarios) -> {
            if (suite.heading() == null) scenarioRows(md, suite, scenarios, failures);
        });
        row(md, "**Differential** (all styles, same random cases)", differentialCells(differential, failures));
        row(md, "**Soak** (faults, 256 in flight)", soakCells(soak, failures));

        md.append("\n✅ pass · ❌ fail · ➖ not applicable (skipped for that style) · ⬜ not run (no report for the style, ")
                .append("or no result for the row in it). A scenario with several cases passes when all of them pass. ")
                .append("A failing build stops before the matrix is rendered; run with `-Dmaven.test.failure.ignore=true` ")
                .append("to see failures in `app/target/conformance.md`.\n");

        rows.forEach((suite, scenarios) -> {
            if (suite.heading() == null) return;
            md.append("\n## ").append(suite.heading()).append("\n\n")
                    .append("Every style against ").append(range(scenarios)).append(" ([CONTRACT.md](CONTRACT.md#")
                    .append(anchor(suite.heading())).append(")), read from each style's `Xxx").append(suite.reportSuffix())
                    .append("` report.\n\n");
            header(md);
            scenarioRows(md, suite, scenarios, failures);
        });

        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        sources(md, rows.keySet(), thisRun);
        differentialDetails(md, differential, thisRun);
        soakDetails(md, soak, thisRun);
        selfCheck(md, selfCheck, thisRun);
        return md.toString();
    }

    private void header(StringBuilder md) {
        md.append("| Scenario |");
        columns.forEach(c -> md.append(" ").append(c.style()).append(" |"));
        md.append("\n|---|");
        columns.forEach(c -> md.append(":-:|"));
        md.append('\n');
    }

    /** A row per scenario of the suite, a cell per style; each failed one is listed under Failures. */
    private void scenarioRows(StringBuilder md, Suite suite, List<Scenario> scenarios, List<String> failures) {
        for (Scenario scenario : scenarios) {
            int cases = 0;
            List<Cell> cells = new ArrayList<>();
            for (Column column : columns) {
                List<TestCase> results = report(column, suite).map(r -> of(r, suite, scenario.id())).orElse(List.of());
                cases = Math.max(cases, results.size());
                cells.add(cell(results));
                results.stream().filter(t -> t.result() == Result.FAILED).findFirst()
                        .ifPresent(t -> failures.add(column.style() + ", " + scenario.id() + ": " + firstLine(t.message())));
            }
            row(md, "**" + scenario.id() + "** " + scenario.title() + (cases > 1 ? " (" + cases + " cases)" : ""), cells);
        }
    }

    /** GitHub's anchor of a heading: "Paying through the broker" is paying-through-the-broker. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /**
     * Each suite's rows: its scenarios, and any other row of the suite a report has (a newer or older
     * contract), in the order of their numbers. Rows are told apart by their ids, letter and all: C1
     * and M1 are two rows of two suites.
     */
    Map<Suite, List<Scenario>> rows() {
        Map<String, Scenario> byId = new LinkedHashMap<>();
        scenarios.forEach(s -> byId.put(s.id(), s));
        for (Suite suite : suites) {
            for (Column column : columns) {
                for (TestCase test : report(column, suite).map(SurefireReport::testCases).orElse(List.of())) {
                    suite.scenarioOf(test.name()).ifPresent(s -> byId.putIfAbsent(s.id(), s));
                }
            }
        }
        Map<Suite, List<Scenario>> rows = new LinkedHashMap<>();
        for (Suite suite : suites) {
            rows.put(suite, byId.values().stream().filter(suite::owns).sorted(Comparator.comparingInt(Scenario::number)).toList());
        }
        return rows;
    }

    /** The cases of the scenario in a report of its suite: {@code M2_thePaymentServiceIsDown(Mode)[1]} and [2] for M2. */
    private static List<TestCase> of(SurefireReport report, Suite suite, String scenarioId) {
        return report.testCases().stream()
                .filter(t -> suite.scenarioOf(t.name()).map(Scenario::id).filter(scenarioId::equals).isPresent())
                .toList();
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

    /** A table per suite of the report each style's result comes from; the first one also says what each style is. */
    private void sources(StringBuilder md, Collection<Suite> shown, boolean thisRun) {
        md.append("\n## Where the results come from\n");
        boolean first = true;
        for (Suite suite : shown) {
            String label = Character.toUpperCase(suite.label().charAt(0)) + suite.label().substring(1);
            md.append("\n| Style |").append(first ? " What it is |" : "").append(' ').append(label).append(" report | Tests | Failed | Skipped |")
                    .append(thisRun ? " Time | JDK | Written |\n" : "\n")
                    .append("|---|").append(first ? "---|" : "").append("---|--:|--:|--:|").append(thisRun ? "--:|---|---|\n" : "\n");
            for (Column column : columns) {
                Optional<SurefireReport> report = report(column, suite);
                md.append("| ").append(column.style()).append(" | ");
                if (first) md.append(column.summary()).append(" | ");
                if (report.isEmpty()) {
                    md.append("not found: `TEST-").append(column.test(suite)).append(".xml` | | | |").append(thisRun ? " | | |\n" : "\n");
                    continue;
                }
                SurefireReport r = report.get();
                md.append('`').append(root.relativize(r.file()).toString().replace('\\', '/')).append("` | ")
                        .append(r.testCases().size()).append(" | ").append(r.count(Result.FAILED)).append(" | ")
                        .append(r.count(Result.SKIPPED)).append(" |");
                if (thisRun) {
                    md.append(' ').append(seconds(r.seconds())).append(" | ")
                            .append(r.properties().getOrDefault("java.version", "?")).append(" | ")
                            .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).format(r.written().atZone(ZoneOffset.UTC)))
                            .append(" |");
                }
                md.append('\n');
            }
            first = false;
        }
    }

    private void differentialDetails(StringBuilder md, Optional<SurefireReport> report, boolean thisRun) {
        md.append("\n## Differential\n\n");
        if (report.isEmpty()) {
            md.append("No report (`TEST-").append(DIFFERENTIAL).append(".xml`).\n");
            return;
        }
        md.append("`").append(CrossStyleDifferentialTest.class.getSimpleName()).append("`: each case runs on every style at once, ")
                .append("against one shop; the outcome and the ledger's effect must be equal. ")
                .append(report.get().testCases().size()).append(" tests, ").append(report.get().count(Result.FAILED)).append(" failed");
        if (!thisRun) {
            md.append(". The random cases differ from run to run: each build's copy lists what it tried.\n");
            return;
        }
        md.append(", ").append(seconds(report.get().seconds())).append(".\n\n```\n");
        report.get().testCases().stream().map(TestCase::output).map(out -> from(out, "differential: "))
                .filter(out -> !out.isBlank()).findFirst().ifPresent(out -> md.append(out.strip()).append('\n'));
        md.append("```\n");
    }

    private void soakDetails(StringBuilder md, Optional<SurefireReport> report, boolean thisRun) {
        md.append("\n## Soak\n\n");
        Map<String, TestCase> byStyle = soakByStyle(report);
        if (byStyle.isEmpty()) {
            md.append("No report (`TEST-").append(SOAK).append(".xml`).\n");
            return;
        }
        md.append("`").append(CrossStyleSoakTest.class.getSimpleName()).append("`: each style runs ")
                .append(CrossStyleSoakTest.DEFAULT_CHECKOUTS).append(" checkouts by default, ").append(Soak.IN_FLIGHT)
                .append(" in flight at most, a fault on the first attempt of about ").append(Soak.FAULT_PERCENT).append("% of calls; ")
                .append("every checkout must end exactly once, the shop must charge exactly the paid receipts, and close() ")
                .append("must leave no thread and no connection.");
        if (!thisRun) {
            md.append(" How many calls failed and how long each took: each build's copy.\n");
            return;
        }
        md.append("\n\n| Style | Time | What happened |\n|---|--:|---|\n");
        byStyle.forEach((style, test) -> {
            String last = test.output().lines().filter(line -> line.startsWith("soak " + style + ": ")).reduce((a, b) -> b).orElse("");
            String text = test.result() == Result.FAILED ? "failed: " + firstLine(test.message()) : last.substring(last.indexOf(": ") + 2);
            md.append("| ").append(style).append(" | ").append(seconds(test.seconds())).append(" | ").append(text.replace("|", "\\|")).append(" |\n");
        });
    }

    private void selfCheck(StringBuilder md, Optional<SurefireReport> report, boolean thisRun) {
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
        if (!thisRun) return;
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

    /** The style's report of the suite, as this matrix first read it. */
    private Optional<SurefireReport> report(Column column, Suite suite) {
        return reports.computeIfAbsent(column.test(suite), this::findReport);
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
