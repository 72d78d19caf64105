package dev.asyncrosetta.app.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncrosetta.app.conformance.ConformanceMatrix.Column;
import dev.asyncrosetta.app.conformance.ConformanceMatrix.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix from made-up reports: each kind of cell comes from the result it stands for. */
class ConformanceMatrixTest {
    private static final List<Column> STYLES = List.of(
            new Column("alpha", "the first style", "org.example.alpha.AlphaContractTest"),
            new Column("beta", "the second style", "org.example.beta.BetaContractTest"));

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
        String md = new ConformanceMatrix(root, appReports, STYLES, ConformanceMatrix.contractScenarios(), "today").markdown();

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
        String md = new ConformanceMatrix(root, appReports, STYLES, ConformanceMatrix.contractScenarios(), "today").markdown();

        assertThat(md).contains("| **Differential** (all styles, same random cases) | ✅ | ⬜ |");
    }

    @Test
    void withoutReportsEveryCellIsNotRun() throws IOException {
        Path empty = Files.createDirectories(root.resolve("nothing"));
        String md = new ConformanceMatrix(empty, empty, STYLES, ConformanceMatrix.contractScenarios(), "today").markdown();

        assertThat(md.lines().filter(line -> line.startsWith("| **")))
                .hasSize(35)
                .allSatisfy(line -> assertThat(line).endsWith("| ⬜ | ⬜ |"));
    }

    @Test
    void theScenariosAreTheContractsC1ToC33() {
        assertThat(ConformanceMatrix.contractScenarios()).extracting(Scenario::id)
                .containsExactly("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10",
                        "C11", "C12", "C13", "C14", "C15", "C16", "C17", "C18", "C19", "C20",
                        "C21", "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31", "C32", "C33");
        assertThat(ConformanceMatrix.contractScenarios().get(7).title()).isEqualTo("per-call timeout");
    }

    @Test
    void theSummaryFoldsEachStyleToOneRow() {
        String summary = new ConformanceMatrix(root, appReports, STYLES, ConformanceMatrix.contractScenarios(), "today").summary();

        assertThat(summary).contains("| style | contract C1–C33 | differential | soak |")
                .contains("| alpha | ❌ 2 of 32 | ✅ | ✅ |") // C8 failed, C17 not applicable
                .contains("| beta | ⬜ 0 of 33 | ❌ | ❌ |") // no contract report at all
                .contains("From the build of today");
    }

    @Test
    void aStyleThatPassesEveryScenarioPassesItsContractCell() throws IOException {
        write(root.resolve("styles/gamma/target/surefire-reports/TEST-org.example.gamma.GammaContractTest.xml"), """
                <testsuite name="org.example.gamma.GammaContractTest" tests="2">
                  <testcase name="C1_happyPath" time="0.5"/>
                  <testcase name="C2_sequencing" time="0.5"/>
                </testsuite>
                """);
        List<Column> gamma = List.of(new Column("gamma", "the third style", "org.example.gamma.GammaContractTest"));

        String summary = new ConformanceMatrix(root, appReports, gamma,
                List.of(new Scenario("C1", 1, "happy path"), new Scenario("C2", 2, "sequencing")), "today").summary();

        assertThat(summary).contains("| style | contract C1–C2 |").contains("| gamma | ✅ 2 of 2 |");
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

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
