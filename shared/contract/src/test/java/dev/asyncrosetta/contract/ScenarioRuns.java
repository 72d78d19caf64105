package dev.asyncrosetta.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Running one scenario of a contract on a sketch style, and judging it: what every "the suite can fail" test does. */
final class ScenarioRuns {
    private static final Map<String, Events> UNFLAWED_RUNS = new ConcurrentHashMap<>();

    private ScenarioRuns() {}

    /** Runs every case of the scenario (a parameterized one too: the method is found by its name alone). */
    static Events run(Class<?> contract, String scenario) {
        Method method = Arrays.stream(contract.getMethods())
                .filter(m -> m.getName().equals(scenario)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario " + scenario));
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(contract, method)).execute().testEvents();
    }

    /**
     * The run of a scenario on an unflawed sketch, made once per test JVM: each flaw that scenario
     * catches is checked against the same passing run, rather than the same passing run being
     * repeated for every flaw (which only cost CI its minutes).
     */
    static Events runOnce(Class<?> unflawed, String scenario) {
        return UNFLAWED_RUNS.computeIfAbsent(unflawed.getName() + "#" + scenario, key -> run(unflawed, scenario));
    }

    /**
     * Fails, and for the reason given (a regular expression over the assertion message): every case
     * of a parameterized scenario is run, and at least one fails for that reason.
     */
    static void assertFailsBecause(Events events, String why) {
        assertThat(events.failed().count()).as("cases failed").isPositive();
        events.failed().assertThatEvents()
                .haveAtLeast(1, finishedWithFailure(message(text -> Pattern.compile(why).matcher(text).find())));
    }

    /** Every case started passed. */
    static void assertPasses(Events events) {
        events.assertStatistics(stats -> stats.failed(0).aborted(0));
        assertThat(events.succeeded().count()).as("cases passed").isPositive();
    }
}
