package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.app.conformance.ConformanceMatrix.Scenario;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;

/**
 * A suite of shared/contract that every style's tests extend: the letter its scenarios are numbered
 * with, the class whose methods name them ({@code C1_happyPath}, {@code M2_thePaymentServiceIsDown}),
 * and the suffix of the test class that runs it for a style, next to the style's class in the same
 * package ({@code FuturesStyle}: {@code FuturesContractTest}, {@code FuturesBrokerContractTest}).
 *
 * <p>The contract class is named, not imported: a suite whose class is not on the class path (not
 * written yet on this branch) is left out of the matrix, so a new suite is one line of {@link #ALL}.
 *
 * @param letter what its scenarios' ids start with: C for C1…, M for M1…
 * @param label the suite in a word, for the README's column and the page's sources ("broker report")
 * @param heading the section of docs/CONTRACT.md that describes it, the page's heading for its table;
 *     null for the contract itself, whose table opens the page
 * @param contractClass the class whose methods named {@code <letter><n>_…} are the scenarios
 * @param reportSuffix what a style's test class of the suite ends with, in place of the style class's {@code Style}
 */
record Suite(String letter, String label, String heading, String contractClass, String reportSuffix) {
    static final Suite CONTRACT = new Suite("C", "contract", null, "dev.asyncrosetta.contract.CheckoutContract", "ContractTest");
    static final Suite BROKER = new Suite("M", "broker", "Paying through the broker", "dev.asyncrosetta.contract.BrokerScenarios",
            "BrokerContractTest");

    static final Suite RESILIENCE = new Suite("R", "resilience", "When the payment service stops answering: R1–R6",
            "dev.asyncrosetta.contract.ResilienceScenarios", "ResilienceContractTest");

    /** Every suite, in the page's order. */
    static final List<Suite> ALL = List.of(CONTRACT, BROKER, RESILIENCE);

    /** A test method or case of any suite: {@code M2_thePaymentServiceIsDown(Mode)[1]}. */
    private static final Pattern SCENARIO = Pattern.compile("([A-Z])(\\d+)_(\\w*).*");

    Suite {
        if (!letter.matches("[A-Z]")) throw new IllegalArgumentException("a suite's letter is one capital letter: " + letter);
    }

    /** The suites whose contract class this class path has. */
    static List<Suite> onClassPath() {
        return ALL.stream().filter(suite -> suite.contract().isPresent()).toList();
    }

    Optional<Class<?>> contract() {
        try {
            return Optional.of(Class.forName(contractClass, false, Suite.class.getClassLoader()));
        } catch (ClassNotFoundException absent) {
            return Optional.empty();
        }
    }

    /**
     * The scenarios, read off the contract class's methods: {@code C1_happyPath} with
     * {@code @DisplayName("C1 happy path")} is C1, "happy path"; without a display name the title is
     * the method's name in words ({@code M2_thePaymentServiceIsDown}: "the payment service is down").
     * Methods that share a number are one scenario, their titles joined in their {@code @Order}.
     * None when the class is not on the class path.
     */
    List<Scenario> scenarios() {
        Map<Integer, List<Method>> byNumber = new TreeMap<>();
        for (Method method : contract().map(Class::getMethods).orElse(new Method[0])) {
            scenarioOf(method.getName()).ifPresent(s -> byNumber.computeIfAbsent(s.number(), n -> new ArrayList<>()).add(method));
        }
        List<Scenario> scenarios = new ArrayList<>();
        byNumber.forEach((number, methods) -> {
            String id = letter + number;
            List<String> titles = methods.stream()
                    .sorted(Comparator.comparingInt(Suite::order).thenComparing(Method::getName))
                    .map(method -> {
                        DisplayName shown = method.getAnnotation(DisplayName.class);
                        return shown == null ? title(method.getName()) : shown.value().replaceFirst("^" + id + "\\s*", "");
                    })
                    .distinct().toList();
            scenarios.add(new Scenario(id, number, String.join("; ", titles)));
        });
        return List.copyOf(scenarios);
    }

    /**
     * The scenario a test method or case of this suite stands for, titled from its name (a report has
     * no display names): {@code M2_thePaymentServiceIsDown(Mode)[1]} is M2, "the payment service is down".
     */
    Optional<Scenario> scenarioOf(String testName) {
        Matcher id = SCENARIO.matcher(testName);
        if (!id.matches() || !id.group(1).equals(letter)) return Optional.empty();
        return Optional.of(new Scenario(letter + Integer.parseInt(id.group(2)), Integer.parseInt(id.group(2)), title(testName)));
    }

    boolean owns(Scenario scenario) {
        return scenario.id().equals(letter + scenario.number());
    }

    /** A method's name in words, without its id: {@code M2_thePaymentServiceIsDown(Mode)[1]} is "the payment service is down". */
    static String title(String name) {
        Matcher id = SCENARIO.matcher(name);
        String words = id.matches() ? id.group(3) : name;
        List<String> out = new ArrayList<>();
        for (String word : words.replace('_', ' ').split("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|\\s+")) {
            if (word.isEmpty()) continue;
            out.add(word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT)) ? word : word.toLowerCase(Locale.ROOT));
        }
        return String.join(" ", out);
    }

    private static int order(Method method) {
        Order order = method.getAnnotation(Order.class);
        return order == null ? Order.DEFAULT : order.value();
    }
}
