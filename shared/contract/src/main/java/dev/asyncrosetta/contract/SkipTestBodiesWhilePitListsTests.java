package dev.asyncrosetta.contract;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Makes PIT's mutation runs spend their time on mutants, not on listing tests. pitest-junit5-plugin
 * 1.2 learns a test class's tests by running it ({@code JUnit5TestUnitFinder.findTestUnits} calls
 * {@code Launcher.execute}), and PIT's mutation minion does that for every test class that covers its
 * mutants before it runs the first one: a style module's whole suite, unmutated, each time PIT starts a
 * minion, which it does for every mutated class and again after every mutant that timed out. In
 * loom's run of 2026-12-07 that was 28 starts of about 200 s each, half the run.
 *
 * <p>Listing needs each test to start and end, not to do its work, so while the call stack shows the
 * mutation minion listing tests, this skips every test and lifecycle method (JUnit still reports each
 * test started and finished, which is all the listing reads). PIT's coverage run lists tests the same
 * way and must really run them, to record what each covers; its stack holds the coverage minion, not
 * the mutation minion, so it runs them in full. So do the mutants' test runs, whose stack holds no
 * test listing.
 *
 * <p>Registered through {@code ServiceLoader}; JUnit loads it only with
 * {@code junit.jupiter.extensions.autodetection.enabled=true}, which only the mutation profile sets,
 * for PIT's minions. The class names are PIT's own internals, which is why PIT's versions are pinned.
 */
public final class SkipTestBodiesWhilePitListsTests implements InvocationInterceptor {
    static final String MUTATION_MINION = "org.pitest.mutationtest.execute.MutationTestMinion";
    static final String TEST_LISTING = "org.pitest.junit5.JUnit5TestUnitFinder";

    /** Whether a call stack, given as its frames' class names, is PIT's mutation minion listing tests. */
    static boolean isMutationMinionListingTests(Stream<String> frameClassNames) {
        Set<String> pitFrames = frameClassNames.filter(name -> name.equals(MUTATION_MINION) || name.equals(TEST_LISTING))
                .collect(Collectors.toSet());
        return pitFrames.size() == 2;
    }

    private static boolean listing() {
        return StackWalker.getInstance().walk(frames -> isMutationMinionListingTests(frames.map(StackWalker.StackFrame::getClassName)));
    }

    private static void skipWhileListing(Invocation<Void> invocation) throws Throwable {
        if (listing()) invocation.skip();
        else invocation.proceed();
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        skipWhileListing(invocation);
    }
}
