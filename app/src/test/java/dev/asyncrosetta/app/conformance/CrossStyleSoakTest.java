package dev.asyncrosetta.app.conformance;

import dev.asyncrosetta.model.CheckoutStyle;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The soak, once per style found on the class path: {@value #DEFAULT_CHECKOUTS} checkouts by
 * default, a few seconds per style; {@code -Drosetta.soak.checkouts=10000} for the long run.
 */
class CrossStyleSoakTest {
    static final int DEFAULT_CHECKOUTS = 1_000;
    static final int CHECKOUTS = Integer.getInteger("rosetta.soak.checkouts", DEFAULT_CHECKOUTS);

    static Stream<String> styles() {
        return CheckoutStyle.all().stream().map(CheckoutStyle::name);
    }

    @ParameterizedTest(name = "soak {0}")
    @MethodSource("styles")
    void soak(String style) throws InterruptedException {
        new Soak(CheckoutStyle.named(style), CHECKOUTS).run();
    }
}
