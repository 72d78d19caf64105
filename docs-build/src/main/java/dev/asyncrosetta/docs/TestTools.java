package dev.asyncrosetta.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a module is tested, read from its test sources: the library tools they use and how many tests they hold. */
final class TestTools {
    /** The libraries' own test tools, each with what gives it away in a test's code. */
    private static final Map<String, Pattern> TOOLS = tools();
    /** What else some modules' tests bring along, checks rather than test tools. */
    private static final Map<String, Pattern> EXTRAS = extras();
    private static final Pattern TEST_METHOD = Pattern.compile("^\\s*@(?:Test|RepeatedTest|ParameterizedTest|Property)\\b");

    /**
     * What a module's tests use.
     *
     * @param tools the library test tools found, in {@link #TOOLS} order
     * @param extras the other checks found: a BlockHound integration, a JFR recording
     * @param ownTestClasses the test classes besides the contract's, with at least one test method
     * @param ownTests their test methods
     * @param contractTests the classes that run the contract
     */
    record Found(List<String> tools, List<String> extras, List<JavaSource> ownTestClasses, int ownTests,
            List<JavaSource> contractTests) {

        /** Only JUnit and AssertJ: no library-specific tool. */
        boolean plainJUnit() {
            return tools.isEmpty();
        }
    }

    private TestTools() {}

    static Found in(List<JavaSource> tests) {
        List<String> tools = found(TOOLS, tests);
        List<String> extras = found(EXTRAS, tests);
        List<JavaSource> contract = new ArrayList<>();
        List<JavaSource> own = new ArrayList<>();
        int ownTests = 0;
        for (JavaSource test : tests) {
            if (test.code().stream().anyMatch(line -> line.matches(".*\\bextends\\s+CheckoutContract\\b.*"))) {
                contract.add(test);
                continue;
            }
            long methods = test.code().stream().filter(line -> TEST_METHOD.matcher(line).find()).count();
            if (methods > 0) {
                own.add(test);
                ownTests += (int) methods;
            }
        }
        return new Found(tools, extras, List.copyOf(own), ownTests, List.copyOf(contract));
    }

    private static List<String> found(Map<String, Pattern> wanted, List<JavaSource> tests) {
        List<String> found = new ArrayList<>();
        wanted.forEach((name, pattern) -> {
            if (tests.stream().anyMatch(test -> test.code().stream().anyMatch(line -> pattern.matcher(line).find()))) {
                found.add(name);
            }
        });
        return List.copyOf(found);
    }

    /** The contract test class of one style: the one that passes its name to CheckoutContract. */
    static Optional<JavaSource> contractTestOf(List<JavaSource> contractTests, String styleName) {
        Pattern names = Pattern.compile("super\\(\\s*\"" + Pattern.quote(styleName) + "\"");
        return contractTests.stream().filter(test -> test.code().stream().anyMatch(line -> names.matcher(line).find())).findFirst();
    }

    private static Map<String, Pattern> tools() {
        Map<String, Pattern> tools = new LinkedHashMap<>();
        tools.put("StepVerifier", Pattern.compile("\\bStepVerifier\\b"));
        tools.put("VirtualTimeScheduler", Pattern.compile("\\bVirtualTimeScheduler\\b"));
        tools.put("TestObserver", Pattern.compile("\\bTestObserver\\b"));
        tools.put("TestScheduler", Pattern.compile("\\bTestScheduler\\b"));
        tools.put("VertxTestContext", Pattern.compile("\\bVertxTestContext\\b"));
        return tools;
    }

    private static Map<String, Pattern> extras() {
        Map<String, Pattern> extras = new LinkedHashMap<>();
        extras.put("a BlockHound integration of its own", Pattern.compile("\\bimplements\\s+BlockHoundIntegration\\b"));
        extras.put("a JFR recording", Pattern.compile("\\bjdk\\.jfr\\b"));
        return extras;
    }
}
