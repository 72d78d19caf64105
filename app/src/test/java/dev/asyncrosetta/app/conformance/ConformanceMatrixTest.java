package dev.asyncrosetta.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.app.conformance.ConformanceMatrix.Column;
import dev.asyncrosetta.app.conformance.ConformanceMatrix.Rendering;
import dev.asyncrosetta.app.conformance.ConformanceMatrix.Scenario;
import dev.asyncrosetta.app.conformance.ConformanceMatrix.Tracked;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix from made-up reports: each kind of cell comes from the result it stands for, in each
 * suite (the contract's C rows from XxxContractTest, the broker's M rows from XxxBrokerContractTest).
 */
class ConformanceMatrixTest {
    private static final List<Column> STYLES = List.of(
            new Column("alpha", "the first style", "org.example.alpha.Alpha"),
            new Column("beta", "the second style", "org.example.beta.Beta"));
    /** The suites the app's class path has: the contract and the broker (and whatever comes next). */
    private static final List<Suite> SUITES = List.of(Suite.CONTRACT, Suite.BROKER);
    /** How many scenarios the broker suite has today, so that a new one does not break the counts here. */
    private static final int M = Suite.BROKER.scenarios().size();

    @TempDir
    Path root;
    private Path appReports;

    @BeforeEach
    void writeReports() throws IOException {
        appReports = Files.createDirectories(root.resolve("app/target/surefire-reports"));
        write(root.resolve("styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaContractTest.xml"), """
                <testsuite name="org.example.alpha.AlphaContractTest" tests="6">
                  <properties><property name="java.version" value="25.0.3"/></properties>
                  <testcase name="C1_happyPath" time="0.5"/>
                  <testcase name="C5_invalidRequests(String, CheckoutRequest)[1]" time="0.1"/>
                  <testcase name="C5_invalidRequests(String, CheckoutRequest)[2]" time="0.1"/>
                  <testcase name="C8_perCallTimeout" time="1.0"><failure message="expected: TIMEOUT&#10;but was: CONNECTION" type="java.lang.AssertionError">stack</failure></testcase>
                  <testcase name="C17_noBlocking" time="0"><skipped message="not for this style"/></testcase>
                  <testcase name="helperThatIsNoScenario" time="0"/>
                </testsuite>
                """);
        write(root.resolve("styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaBrokerContractTest.xml"), """
                <testsuite name="org.example.alpha.AlphaBrokerContractTest" tests="5">
                  <properties><property name="java.version" value="25.0.3"/></properties>
                  <testcase name="M1_thePublishedRequestIsExactlyThePayment(Mode)[1]" time="0.5"/>
                  <testcase name="M1_thePublishedRequestIsExactlyThePayment(Mode)[2]" time="0.5"/>
                  <testcase name="M2_thePaymentServiceIsDown(Mode)[1]" time="4"/>
                  <testcase name="M2_thePaymentServiceIsDown(Mode)[2]" time="4"><failure message="50 pending receipts&#10;but 3 were charged before the service resumed" type="java.lang.AssertionError">stack</failure></testcase>
                  <testcase name="M8_noBlockingOnNonBlockingThreads" time="0"><skipped message="not applicable: this style blocks by design"/></testcase>
                </testsuite>
                """);
        write(appReports.resolve("TEST-" + CrossStyleDifferentialTest.class.getName() + ".xml"), """
                <testsuite name="d" tests="1">
                  <testcase name="allStylesAgree" time="30"><failure message="styles disagree on u-0003 | user=503&#10;  [alpha]: ...&#10;styles out of line: [beta]" type="java.lang.AssertionError"/>
                    <system-out>banner differential: 200 cases, 100 with faults
                  styles compared: [alpha, beta]</system-out></testcase>
                </testsuite>
                """);
        write(appReports.resolve("TEST-" + CrossStyleSoakTest.class.getName() + ".xml"), """
                <testsuite name="s" tests="2">
                  <testcase name="soak(String)[1]" time="6.5"><system-out>soak alpha: 1000 checkouts, 256 in flight
                soak alpha: 1000 checkouts, all fine; 6.4 s</system-out></testcase>
                  <testcase name="soak(String)[2]" time="7"><failure message="2 checkouts never completed"/><system-out>soak beta: 1000 checkouts, 256 in flight</system-out></testcase>
                </testsuite>
                """);
    }

    @Test
    void everyKindOfCellComesFromItsResult() {
        String md = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").markdown(Rendering.THIS_RUN);

        assertThat(md).contains("| Scenario | alpha | beta |")
                .contains("| **C1** happy path | ✅ | ⬜ |")
                .contains("| **C2** sequencing | ⬜ | ⬜ |")
                .contains("| **C5** invalid requests (2 cases) | ✅ | ⬜ |")
                .contains("| **C8** per-call timeout | ❌ | ⬜ |")
                .contains("| **C17** no blocking on non-blocking threads | ➖ | ⬜ |")
                .contains("| **Differential** (all styles, same random cases) | ✅ | ❌ |")
                .contains("| **Soak** (faults, 256 in flight) | ✅ | ❌ |")
                .contains("- alpha, C8: expected: TIMEOUT")
                .contains("out of line [beta] on styles disagree on u-0003 | user=503".replace("|", "\\|"))
                .contains("- beta, soak: 2 checkouts never completed")
                .contains("| alpha | 6.5 s | 1000 checkouts, all fine; 6.4 s |")
                .contains("not found: `TEST-org.example.beta.BetaContractTest.xml`")
                .contains("`styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaContractTest.xml` | 6 | 1 | 1 |")
                .contains("differential: 200 cases, 100 with faults")
                .contains("Not run (`TEST-" + DivergingStyleTest.class.getName() + ".xml`)")
                .doesNotContain("helperThatIsNoScenario");
    }

    @Test
    void aStyleTheDifferentialDidNotCompareIsNotRun() throws IOException {
        write(appReports.resolve("TEST-" + CrossStyleDifferentialTest.class.getName() + ".xml"), """
                <testsuite name="d" tests="1">
                  <testcase name="allStylesAgree" time="30"><system-out>styles compared: [alpha]</system-out></testcase>
                </testsuite>
                """);
        String md = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").markdown(Rendering.THIS_RUN);

        assertThat(md).contains("| **Differential** (all styles, same random cases) | ✅ | ⬜ |");
    }

    @Test
    void withoutReportsEveryCellIsNotRun() throws IOException {
        Path empty = Files.createDirectories(root.resolve("nothing"));
        String md = ConformanceMatrix.of(empty, empty, STYLES, SUITES, "today").markdown(Rendering.THIS_RUN);

        assertThat(md.lines().filter(line -> line.startsWith("| **")))
                .hasSize(40 + M + 2)
                .allSatisfy(line -> assertThat(line).endsWith("| ⬜ | ⬜ |"));
    }

    @Test
    void theScenariosAreTheContractsC1ToC40() {
        assertThat(Suite.CONTRACT.scenarios()).extracting(Scenario::id)
                .containsExactly("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10",
                        "C11", "C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20",
                        "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31", "C32", "C33", "C34", "C35", "C36", "C37", "C38", "C39",
                        "C40");
        assertThat(Suite.CONTRACT.scenarios().get(7).title()).isEqualTo("per-call timeout");
    }

    @Test
    void theSummaryFoldsEachStyleToOneRow() {
        String summary = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").summary();

        assertThat(summary).contains("| style | contract C1–C40 | broker M1–M" + M + " | differential | soak |\n|---|:-:|:-:|:-:|:-:|\n")
                // C8 failed, C17 not applicable; M2 failed, M8 not applicable, M3… not run
                .contains("| alpha | ❌ 2 of 39 | ❌ 1 of " + (M - 1) + " | ✅ | ✅ |")
                .contains("| beta | ⬜ 0 of 40 | ⬜ 0 of " + M + " | ❌ | ❌ |") // no report at all
                .contains("[docs/conformance.md](docs/conformance.md)")
                .doesNotContain("today");
    }

    @Test
    void aStyleThatPassesEveryScenarioPassesItsContractCell() throws IOException {
        write(root.resolve("styles/gamma/target/surefire-reports/TEST-org.example.gamma.GammaContractTest.xml"), """
                <testsuite name="org.example.gamma.GammaContractTest" tests="2">
                  <testcase name="C1_happyPath" time="0.5"/>
                  <testcase name="C2_sequencing" time="0.5"/>
                </testsuite>
                """);
        List<Column> gamma = List.of(new Column("gamma", "the third style", "org.example.gamma.Gamma"));

        String summary = new ConformanceMatrix(root, appReports, gamma, List.of(Suite.CONTRACT),
                List.of(new Scenario("C1", 1, "happy path"), new Scenario("C2", 2, "sequencing")), "today").summary();

        assertThat(summary).contains("| style | contract C1–C2 |").contains("| gamma | ✅ 2 of 2 |");
    }

    @Test
    void theTrackedPageHasTheCellsButNothingOfTheRun() {
        String page = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").markdown(Rendering.TRACKED);

        assertThat(page).contains("| **C1** happy path | ✅ | ⬜ |")
                .contains("| **C5** invalid requests (2 cases) | ✅ | ⬜ |")
                .contains("| **Soak** (faults, 256 in flight) | ✅ | ❌ |")
                .contains("- alpha, C8: expected: TIMEOUT")
                .contains("| Style | What it is | Contract report | Tests | Failed | Skipped |\n")
                .contains("`styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaContractTest.xml` | 6 | 1 | 1 |\n")
                .contains("-Drosetta.docs.write=true")
                .doesNotContain("today", "25.0.3", "UTC", "6.5 s", "1000 checkouts, all fine", "200 cases, 100 with faults");
    }

    @Test
    void theTrackedPageIsTheSameFromRunToRun() throws IOException {
        Complete first = complete(root.resolve("first"), 0.5, "6.4 s, 483 faults");
        Complete second = complete(root.resolve("second"), 2.5, "9.1 s, 501 faults");
        Files.setLastModifiedTime(second.contract(), FileTime.fromMillis(0));

        ConformanceMatrix one = first.matrix("2026-01-01 10:00 UTC with JDK 25.0.3");
        ConformanceMatrix other = second.matrix("2027-12-31 23:59 UTC with JDK 26");

        assertThat(one.markdown(Rendering.TRACKED).replace("first/", "second/")).isEqualTo(other.markdown(Rendering.TRACKED));
        assertThat(one.summary()).isEqualTo(other.summary());
        assertThat(one.markdown(Rendering.THIS_RUN)).contains("2026-01-01 10:00 UTC", "6.4 s, 483 faults", "| 1.0 s | 25.0.3 |");
        assertThat(other.markdown(Rendering.THIS_RUN)).contains("2027-12-31 23:59 UTC", "9.1 s, 501 faults", "| 3.0 s | 26 | 1970-01-01 00:00 UTC |");
    }

    @Test
    void aBuildWritesItsRenderingsIntoTargetAndLeavesAFreshPageAlone() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        Tracked tracked = build.tracked();
        build.matrix("first run").publish(tracked, true, true);
        FileTime pageWritten = Files.getLastModifiedTime(tracked.page());
        FileTime readmeWritten = Files.getLastModifiedTime(tracked.readme());
        String page = Files.readString(tracked.page());
        String readme = Files.readString(tracked.readme());
        Files.setLastModifiedTime(tracked.page(), FileTime.fromMillis(pageWritten.toMillis() - 60_000));
        Files.setLastModifiedTime(tracked.readme(), FileTime.fromMillis(readmeWritten.toMillis() - 60_000));
        FileTime pageBefore = Files.getLastModifiedTime(tracked.page());
        FileTime readmeBefore = Files.getLastModifiedTime(tracked.readme());

        List<String> said = build.matrix("second run, later, another JDK").publish(tracked, false, true);

        assertThat(said).containsExactly("docs/conformance.md and README.md's summary are what this build renders");
        assertThat(Files.readString(tracked.page())).isEqualTo(page).isEqualTo(Files.readString(tracked.renderedPage()));
        assertThat(Files.readString(tracked.readme())).isEqualTo(readme).isEqualTo(Files.readString(tracked.renderedReadme()));
        assertThat(Files.getLastModifiedTime(tracked.page())).isEqualTo(pageBefore);
        assertThat(Files.getLastModifiedTime(tracked.readme())).isEqualTo(readmeBefore);
        assertThat(readme).startsWith("# a project\n" + ConformanceMatrix.SUMMARY_BEGIN + "\n| style |").endsWith(ConformanceMatrix.SUMMARY_END + "\nthe rest\n");
    }

    @Test
    void aStalePageFailsTheBuildAndSaysHowToRefreshIt() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        Tracked tracked = build.tracked();
        build.matrix("first run").publish(tracked, true, true);
        String fresh = Files.readString(tracked.page());
        String stale = fresh.replace("| **C2** sequencing | ✅ |", "| **C2** sequencing | ❌ |");
        Files.writeString(tracked.page(), stale);

        assertThatThrownBy(() -> build.matrix("second run").publish(tracked, false, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("docs/conformance.md is stale: this build renders app/target/conformance-page.md, which differs from line ")
                .hasMessageContaining("(committed: '| **C2** sequencing | ❌ |', rendered now: '| **C2** sequencing | ✅ |')")
                .hasMessageContaining("mvn verify -Drosetta.docs.write=true")
                .hasMessageNotContaining("README.md");
        assertThat(Files.readString(tracked.page())).isEqualTo(stale);

        build.matrix("third run").publish(tracked, true, true);
        assertThat(Files.readString(tracked.page())).isEqualTo(fresh);
    }

    @Test
    void aStaleSummaryFailsTheBuildToo() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        Tracked tracked = build.tracked();
        build.matrix("first run").publish(tracked, true, true);
        Files.writeString(tracked.readme(), Files.readString(tracked.readme()).replace("✅ 2 of 2", "✅ 1 of 1"));

        assertThatThrownBy(() -> build.matrix("second run").publish(tracked, false, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("README.md's conformance summary is stale: this build renders app/target/README.md")
                .hasMessageContaining("rendered now: '| gamma | ✅ 2 of 2 | ✅ 1 of 1 | ✅ | ✅ |'")
                .hasMessageContaining("-Drosetta.docs.write=true");
    }

    @Test
    void aPartialBuildNeitherChecksNorWritesTheTrackedPages() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        Tracked tracked = build.tracked();
        write(tracked.page(), "an old page\n");
        List<Column> withDelta = List.of(build.column(), new Column("delta", "the fourth style", "org.example.delta.Delta"));
        ConformanceMatrix partial = new ConformanceMatrix(build.root(), build.appReports(), withDelta, SUITES, build.scenarios(), "today");

        assertThat(partial.gaps()).contains("no contract report for delta (TEST-org.example.delta.DeltaContractTest.xml)",
                "no broker report for delta (TEST-org.example.delta.DeltaBrokerContractTest.xml)",
                "the differential did not compare delta", "no soak of delta");
        assertThat(partial.publish(tracked, false, true)).singleElement().asString()
                .startsWith("NOT checking docs/conformance.md and README.md's summary: this is a partial build: no contract report for delta");
        assertThatThrownBy(() -> partial.publish(tracked, true, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("not writing docs/conformance.md and README.md's summary: this is a partial build")
                .hasMessageContaining("Run the whole build");
        assertThat(build.matrix("today").publish(tracked, false, false)).singleElement().asString()
                .contains("this build has no loom styles");
        assertThat(Files.readString(tracked.page())).isEqualTo("an old page\n");
        assertThat(Files.readString(tracked.renderedPage())).contains("| **C1** happy path | ✅ |");
    }

    @Test
    void theBrokerRowsAreReadFromTheBrokerContractTestReports() {
        String md = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").markdown(Rendering.TRACKED);

        assertThat(md).contains("\n## Paying through the broker\n\nEvery style against M1–M" + M
                        + " ([CONTRACT.md](CONTRACT.md#paying-through-the-broker)), read from each style's `XxxBrokerContractTest` report.\n\n"
                        + "| Scenario | alpha | beta |\n|---|:-:|:-:|\n"
                        + "| **M1** the published request is exactly the payment (2 cases) | ✅ | ⬜ |\n"
                        + "| **M2** the payment service is down (2 cases) | ❌ | ⬜ |\n"
                        + "| **M3** the service crashes after charging | ⬜ | ⬜ |\n")
                .contains("| **M8** no blocking on non blocking threads; close from a checkouts callback blocks nothing | ➖ | ⬜ |")
                .contains("| Style | Broker report | Tests | Failed | Skipped |\n|---|---|--:|--:|--:|\n"
                        + "| alpha | `styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaBrokerContractTest.xml` | 5 | 1 | 1 |\n"
                        + "| beta | not found: `TEST-org.example.beta.BetaBrokerContractTest.xml` | | | |\n");
        // The contract's table is still the page's first, with the differential and the soak under it; the broker's follows the legend.
        assertThat(md.indexOf("| **C40**")).isLessThan(md.indexOf("| **Soak**"));
        assertThat(md.indexOf("✅ pass · ❌ fail")).isLessThan(md.indexOf("## Paying through the broker"));
        assertThat(md.indexOf("## Paying through the broker")).isLessThan(md.indexOf("| **M1**"));
    }

    @Test
    void aFailedBrokerCaseIsAFailure() {
        String md = ConformanceMatrix.of(root, appReports, STYLES, SUITES, "today").markdown(Rendering.TRACKED);

        assertThat(md).contains("| **M2** the payment service is down (2 cases) | ❌ | ⬜ |");
        assertThat(md.substring(md.indexOf("\n## Failures\n"), md.indexOf("\n## Where the results come from\n")))
                .contains("- alpha, C8: expected: TIMEOUT\n")
                .contains("- alpha, M2: 50 pending receipts\n")
                .doesNotContain("M1", "M8");
    }

    @Test
    void aMissingBrokerReportIsAGap() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        Tracked tracked = build.tracked();
        build.matrix("first run").publish(tracked, true, true);
        String page = Files.readString(tracked.page());
        assertThat(build.matrix("complete").gaps()).isEmpty();

        Files.delete(build.broker());
        ConformanceMatrix partial = build.matrix("without the broker report");

        assertThat(partial.gaps()).containsExactly("no broker report for gamma (TEST-org.example.gamma.GammaBrokerContractTest.xml)");
        assertThat(partial.summary()).contains("| gamma | ✅ 2 of 2 | ⬜ 0 of 1 | ✅ | ✅ |");
        assertThat(partial.publish(tracked, false, true)).singleElement().asString()
                .startsWith("NOT checking docs/conformance.md and README.md's summary: this is a partial build: no broker report for gamma");
        assertThatThrownBy(() -> partial.publish(tracked, true, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("not writing docs/conformance.md and README.md's summary: this is a partial build: no broker report for gamma");
        assertThat(Files.readString(tracked.page())).isEqualTo(page);
        assertThat(Files.readString(tracked.renderedPage())).contains("| **M1** the published request is exactly the payment | ⬜ |");
    }

    @Test
    void aBrokerReportWithoutAScenarioIsAGap() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        List<Scenario> withM2 = new ArrayList<>(build.scenarios());
        withM2.add(new Scenario("M2", 2, "the payment service is down"));

        ConformanceMatrix matrix = new ConformanceMatrix(build.root(), build.appReports(), List.of(build.column()), SUITES, withM2, "today");

        assertThat(matrix.gaps()).containsExactly("gamma's broker report has no result for M2");
        assertThat(matrix.markdown(Rendering.TRACKED)).contains("| **M2** the payment service is down | ⬜ |");
    }

    @Test
    void c1AndM1AreTwoRows() throws IOException {
        Complete build = complete(root.resolve("repo"), 0.5, "all fine");
        // C1 passes in the contract report, M1 fails in the broker report: each row shows its own.
        write(build.broker(), """
                <testsuite name="org.example.gamma.GammaBrokerContractTest" tests="1">
                  <testcase name="M1_thePublishedRequestIsExactlyThePayment(Mode)[1]" time="1"><failure message="two records for the checkout"/></testcase>
                </testsuite>
                """);
        ConformanceMatrix matrix = build.matrix("today");

        String md = matrix.markdown(Rendering.TRACKED);
        assertThat(md).contains("| **C1** happy path | ✅ |\n| **C2** sequencing | ✅ |\n| **Differential**")
                .contains("| **M1** the published request is exactly the payment | ❌ |")
                .contains("- gamma, M1: two records for the checkout")
                .doesNotContain("gamma, C1");
        assertThat(md.lines().filter(line -> line.startsWith("| **C1** "))).hasSize(1);
        assertThat(md.lines().filter(line -> line.startsWith("| **M1** "))).hasSize(1);
        assertThat(matrix.summary()).contains("| style | contract C1–C2 | broker M1–M1 | differential | soak |")
                .contains("| gamma | ✅ 2 of 2 | ❌ 0 of 1 | ✅ | ✅ |");
        assertThat(matrix.gaps()).isEmpty();
    }

    @Test
    void theBrokerScenariosAreReadOffBrokerScenarios() {
        List<Scenario> broker = Suite.BROKER.scenarios();

        assertThat(broker).extracting(Scenario::id).startsWith("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8");
        assertThat(broker).extracting(Scenario::number).containsExactlyElementsOf(IntStream.rangeClosed(1, broker.size()).boxed().toList());
        assertThat(broker.get(1).title()).isEqualTo("the payment service is down");
        // Two methods share M5: one row, both titles, in their @Order.
        assertThat(broker.get(4).title()).startsWith("deadline while the publish is unacknowledged; ").contains("cancel while awaiting the outcome");
        assertThat(Suite.onClassPath()).startsWith(Suite.CONTRACT, Suite.BROKER);
    }

    @Test
    void aTitleIsTheMethodsNameInWords() {
        assertThat(Suite.title("M2_thePaymentServiceIsDown(Mode)[1]")).isEqualTo("the payment service is down");
        assertThat(Suite.title("M8_noBlockingOnNonBlockingThreads")).isEqualTo("no blocking on non blocking threads");
        assertThat(Suite.title("R3_retriesHTTPAnswers")).isEqualTo("retries HTTP answers");
    }

    /** Stands for a suite still to come: its contract class, with R-numbered scenarios. */
    public interface SampleResilience {
        default void R1_theBreakerOpens() {}

        default void R2_theBreakerHalfOpens() {}

        default void helperThatIsNoScenario() {}
    }

    @Test
    void aSuiteIsOneLineAndAbsentWhileItsContractIsNotOnTheClassPath() throws IOException {
        Suite absent = new Suite("R", "resilience", "Resilience", "dev.asyncrosetta.contract.NoSuchResilienceContract", "ResilienceContractTest");
        assertThat(absent.contract()).isEmpty();
        assertThat(absent.scenarios()).isEmpty();

        Suite resilience = new Suite("R", "resilience", "Resilience", SampleResilience.class.getName(), "ResilienceContractTest");
        assertThat(resilience.scenarios()).containsExactly(new Scenario("R1", 1, "the breaker opens"), new Scenario("R2", 2, "the breaker half opens"));
        write(root.resolve("styles/alpha/target/surefire-reports/TEST-org.example.alpha.AlphaResilienceContractTest.xml"), """
                <testsuite name="org.example.alpha.AlphaResilienceContractTest" tests="2">
                  <testcase name="R1_theBreakerOpens" time="1"/>
                  <testcase name="R2_theBreakerHalfOpens" time="1"/>
                </testsuite>
                """);
        ConformanceMatrix matrix = ConformanceMatrix.of(root, appReports, STYLES, List.of(Suite.CONTRACT, Suite.BROKER, resilience), "today");

        assertThat(matrix.markdown(Rendering.TRACKED)).contains("\n## Resilience\n")
                .contains("| **R1** the breaker opens | ✅ | ⬜ |")
                .contains("| Style | Resilience report | Tests | Failed | Skipped |");
        assertThat(matrix.summary()).contains("| style | contract C1–C40 | broker M1–M" + M + " | resilience R1–R2 | differential | soak |")
                .contains("| alpha | ❌ 2 of 39 | ❌ 1 of " + (M - 1) + " | ✅ 2 of 2 | ✅ | ✅ |");
        assertThat(matrix.gaps()).contains("no resilience report for beta (TEST-org.example.beta.BetaResilienceContractTest.xml)");
    }

    @Test
    void theSummaryReplacesOnlyItsRegion() {
        String readme = "# title\n" + ConformanceMatrix.SUMMARY_BEGIN + "\nold\n" + ConformanceMatrix.SUMMARY_END + "\nafter\n";

        assertThat(ConformanceMatrix.withSummary(readme, "new\n"))
                .isEqualTo("# title\n" + ConformanceMatrix.SUMMARY_BEGIN + "\nnew\n" + ConformanceMatrix.SUMMARY_END + "\nafter\n");
    }

    @Test
    void aTextWithoutTheRegionIsAMistake() {
        assertThatThrownBy(() -> ConformanceMatrix.withSummary("# no region\n", "new\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no summary region");
    }

    /**
     * A repository where every cell has its result: one style, gamma, passing C1 and C2, M1 through
     * the broker, the differential, the soak and the self-check.
     */
    record Complete(Path root, Path appReports, Path contract, Path broker) {
        Column column() {
            return new Column("gamma", "the third style", "org.example.gamma.Gamma");
        }

        List<Scenario> scenarios() {
            return List.of(new Scenario("C1", 1, "happy path"), new Scenario("C2", 2, "sequencing"),
                    new Scenario("M1", 1, "the published request is exactly the payment"));
        }

        ConformanceMatrix matrix(String generated) {
            return new ConformanceMatrix(root, appReports, List.of(column()), SUITES, scenarios(), generated);
        }

        Tracked tracked() throws IOException {
            Path readme = root.resolve("README.md");
            if (!Files.exists(readme)) {
                write(readme, "# a project\n" + ConformanceMatrix.SUMMARY_BEGIN + "\nold\n" + ConformanceMatrix.SUMMARY_END + "\nthe rest\n");
            }
            return new Tracked(root.resolve("docs/conformance.md"), readme,
                    root.resolve("app/target/conformance-page.md"), root.resolve("app/target/README.md"));
        }
    }

    private static Complete complete(Path root, double seconds, String soakFigures) throws IOException {
        Path contract = root.resolve("gamma/target/surefire-reports/TEST-org.example.gamma.GammaContractTest.xml");
        write(contract, """
                <testsuite name="org.example.gamma.GammaContractTest" tests="2">
                  <properties><property name="java.version" value="%s"/></properties>
                  <testcase name="C1_happyPath" time="%s"/>
                  <testcase name="C2_sequencing" time="0.5"/>
                </testsuite>
                """.formatted(seconds > 1 ? "26" : "25.0.3", seconds));
        Path broker = root.resolve("gamma/target/surefire-reports/TEST-org.example.gamma.GammaBrokerContractTest.xml");
        write(broker, """
                <testsuite name="org.example.gamma.GammaBrokerContractTest" tests="2">
                  <properties><property name="java.version" value="%s"/></properties>
                  <testcase name="M1_thePublishedRequestIsExactlyThePayment(Mode)[1]" time="%s"/>
                  <testcase name="M1_thePublishedRequestIsExactlyThePayment(Mode)[2]" time="0.5"/>
                </testsuite>
                """.formatted(seconds > 1 ? "26" : "25.0.3", seconds));
        Path appReports = Files.createDirectories(root.resolve("app/target/surefire-reports"));
        write(appReports.resolve("TEST-" + CrossStyleDifferentialTest.class.getName() + ".xml"), """
                <testsuite name="d" tests="1">
                  <testcase name="allStylesAgree" time="%s"><system-out>differential: %s cases
                  styles compared: [gamma]</system-out></testcase>
                </testsuite>
                """.formatted(seconds * 10, (int) (seconds * 100)));
        write(appReports.resolve("TEST-" + CrossStyleSoakTest.class.getName() + ".xml"), """
                <testsuite name="s" tests="1">
                  <testcase name="soak(String)[1]" time="%s"><system-out>soak gamma: 1000 checkouts, 256 in flight
                soak gamma: 1000 checkouts, %s</system-out></testcase>
                </testsuite>
                """.formatted(seconds * 3, soakFigures));
        write(appReports.resolve("TEST-" + DivergingStyleTest.class.getName() + ".xml"), """
                <testsuite name="t" tests="1">
                  <testcase name="theMiscountingTwinIsCaught" time="%s"><system-out>the miscounting twin was caught after %s tries</system-out></testcase>
                </testsuite>
                """.formatted(seconds, (int) (seconds * 4)));
        return new Complete(root, appReports, contract, broker);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
