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
            "details/o-0001-02@2-=reset", "user/u-0001#abc12345@3=missing-field", "payment=stall-body", "user@1=drop",
            "details=redirect", "orders#r-12345678=informational", "user=padded:17MiB", "orders=padded:16000KiB",
            "details=padded:300B", "details=padded-chunked:16MiB", "user=big-header:512KiB", "user=big-header:100B", "details@2=bad-status-line",
            "payment@1-3=bad-chunk", "details#r-1=bad-header-name"})
    void textRoundTrips(String text) {
        assertThat(FaultRule.parse(text)).hasToString(text);
    }

    @Test
    void parsesEveryPart() {
        FaultRule rule = FaultRule.parse("details/o-0001-02#req-1@2-4=delay:2s");

        assertThat(rule).isEqualTo(new FaultRule(Route.DETAILS, "o-0001-02", "req-1", 2, 4, Fault.delay(Duration.ofSeconds(2))));
    }

    @Test
    void parsesTheNewFaults() {
        assertThat(FaultRule.parse("user=stall-body").fault()).isEqualTo(Fault.stallBody());
        assertThat(FaultRule.parse("user=drop").fault()).isEqualTo(Fault.drop());
        assertThat(FaultRule.parse("user=redirect").fault()).isEqualTo(Fault.redirect());
        assertThat(FaultRule.parse("user=informational").fault()).isEqualTo(Fault.informational());
        assertThat(FaultRule.parse("user=padded:17MiB").fault()).isEqualTo(Fault.padded(17L * 1024 * 1024));
        assertThat(FaultRule.parse("user=padded:16000KiB").fault()).isEqualTo(Fault.padded(16000L * 1024));
        assertThat(FaultRule.parse("user=big-header:512KiB").fault()).isEqualTo(Fault.bigHeader(512 * 1024));
        assertThat(FaultRule.parse("user=bad-status-line").fault()).isEqualTo(Fault.badStatusLine());
        assertThat(FaultRule.parse("user=bad-chunk").fault()).isEqualTo(Fault.badChunk());
        assertThat(FaultRule.parse("user=bad-header-name").fault()).isEqualTo(Fault.badHeaderName());
        assertThat(FaultRule.on(Route.USER, Fault.padded(2048))).hasToString("user=padded:2KiB");
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
    @ValueSource(strings = {"", "details", "cart=503", "user=teapot", "user=999", "user@0=503", "user@3-2=503", "user=delay:soon",
            "user=padded", "user=padded:17mb", "user=padded:-1B", "user=big-header:4096MiB", "user=stall"})
    void rejectsWhatItCannotRead(String text) {
        assertThatThrownBy(() -> FaultRule.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'");
    }
}
