package dev.asyncrosetta.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FaultRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"details@1-2=503", "user=hang", "payment@1=delay:1500ms", "orders#req-12345678=malformed",
            "details/o-0001-02@2-=reset", "user/u-0001#abc12345@3=missing-field"})
    void textRoundTrips(String text) {
        assertThat(FaultRule.parse(text)).hasToString(text);
    }

    @Test
    void parsesEveryPart() {
        FaultRule rule = FaultRule.parse("details/o-0001-02#req-1@2-4=delay:2s");

        assertThat(rule).isEqualTo(new FaultRule(Route.DETAILS, "o-0001-02", "req-1", 2, 4, Fault.delay(Duration.ofSeconds(2))));
    }

    @Test
    void matchesOnlyWhatItNames() {
        FaultRule rule = FaultRule.on(Route.DETAILS, Fault.status(503)).forResource("o-1").forRequest("r-1").onAttempts(1, 2);

        assertThat(rule.matches(Route.DETAILS, "o-1", "r-1", 2)).isTrue();
        assertThat(rule.matches(Route.DETAILS, "o-1", "r-1", 3)).as("past the attempts").isFalse();
        assertThat(rule.matches(Route.DETAILS, "o-2", "r-1", 1)).as("another order").isFalse();
        assertThat(rule.matches(Route.DETAILS, "o-1", "r-2", 1)).as("another request").isFalse();
        assertThat(rule.matches(Route.USER, "o-1", "r-1", 1)).as("another route").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "details", "cart=503", "user=teapot", "user=999", "user@0=503", "user@3-2=503", "user=delay:soon"})
    void rejectsWhatItCannotRead(String text) {
        assertThatThrownBy(() -> FaultRule.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'");
    }
}
