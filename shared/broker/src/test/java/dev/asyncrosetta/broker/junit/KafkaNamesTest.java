package dev.asyncrosetta.broker.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class KafkaNamesTest {
    /** Every name the tests below were given, across the tests: each must be new. */
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    // Two tests with the same display name in the same class: only the unique part can tell their names apart.
    @Test
    @DisplayName("same display name")
    void one(KafkaNames names) {
        assertNewAndLegal(names.topic(), names.group());
    }

    @Test
    @DisplayName("same display name")
    void other(KafkaNames names) {
        assertNewAndLegal(names.topic(), names.group());
    }

    @Test
    void eachCallGivesANewNameThatSaysWhichTestItIsFor(KafkaNames names) {
        String first = names.topic();
        String second = names.topic();

        assertNewAndLegal(first, second);
        assertThat(first).startsWith("KafkaNamesTest-eachCallGivesANewNameThatSaysWhichTestItIsFor-");
        assertThat(names.group()).startsWith("group-KafkaNamesTest-eachCall");
    }

    @Test
    void anyDisplayNameBecomesALegalTopicName() {
        KafkaNames names = KafkaNames.of("Outer$Inner", "[2] checkout — ünïcode / spaces, dots.and_underscores (x=1)");

        String topic = names.topic();

        assertLegal(topic);
        assertThat(topic).startsWith("Outer-Inner-2-checkout-n-code-spaces-dots-and-underscores-x-1-").doesNotContain("--");
    }

    @Test
    void aVeryLongDisplayNameIsShortenedToFitKafkasLimit() {
        String topic = KafkaNames.of("T", "x".repeat(1_000)).topic();

        assertLegal(topic);
        assertThat(topic.length()).isLessThanOrEqualTo(KafkaNames.MAX_TOPIC_LENGTH).isGreaterThan(150);
    }

    @Test
    void aDisplayNameWithNothingLegalInItStillGivesAName() {
        String topic = KafkaNames.of("", "()…").topic();

        assertLegal(topic);
        assertThat(topic).startsWith("test-");
    }

    private static void assertNewAndLegal(String... names) {
        for (String name : names) {
            assertLegal(name);
            assertThat(SEEN.add(name)).as("%s was given before", name).isTrue();
        }
    }

    private static void assertLegal(String name) {
        assertThatCode(() -> Topic.validate(name)).as(name).doesNotThrowAnyException();
        assertThat(Topic.hasCollisionChars(name)).as("%s has '.' or '_'", name).isFalse();
    }
}
