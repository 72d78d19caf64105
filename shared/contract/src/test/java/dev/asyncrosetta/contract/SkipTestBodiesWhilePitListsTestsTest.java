package dev.asyncrosetta.contract;

import static dev.asyncrosetta.contract.SkipTestBodiesWhilePitListsTests.MUTATION_MINION;
import static dev.asyncrosetta.contract.SkipTestBodiesWhilePitListsTests.TEST_LISTING;
import static dev.asyncrosetta.contract.SkipTestBodiesWhilePitListsTests.isMutationMinionListingTests;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

class SkipTestBodiesWhilePitListsTestsTest {
    private static final String JUNIT = "org.junit.platform.launcher.core.DefaultLauncher";
    private static final String COVERAGE_MINION = "org.pitest.coverage.execute.CoverageMinion";
    private static final String MUTANT_RUN = "org.pitest.junit5.JUnit5TestUnit";

    @Test
    void skipsOnlyWhileTheMutationMinionListsTests() {
        assertThat(isMutationMinionListingTests(Stream.of(JUNIT, TEST_LISTING, "org.pitest.testapi.execute.FindTestUnits", MUTATION_MINION)))
                .as("the mutation minion listing its tests").isTrue();
        assertThat(isMutationMinionListingTests(Stream.of(JUNIT, TEST_LISTING, COVERAGE_MINION)))
                .as("the coverage run, which must run every test to see what it covers").isFalse();
        assertThat(isMutationMinionListingTests(Stream.of(JUNIT, MUTANT_RUN, MUTATION_MINION)))
                .as("a mutant's test run").isFalse();
        assertThat(isMutationMinionListingTests(Stream.of(JUNIT, "org.apache.maven.surefire.booter.ForkedBooter")))
                .as("a plain surefire run").isFalse();
    }

    @Test
    void isRegisteredForJUnitsAutodetection() {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(SkipTestBodiesWhilePitListsTests.class);
    }
}
