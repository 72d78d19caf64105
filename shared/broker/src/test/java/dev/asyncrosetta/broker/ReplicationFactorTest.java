package dev.asyncrosetta.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicationFactorTest {
    @ParameterizedTest(name = "{0} broker(s) -> {1}")
    @CsvSource({"1, 1", "2, 1", "3, 3", "5, 3"})
    void threeCopiesWhereThreeBrokersCanHoldThemElseOne(int brokers, short expected) {
        assertThat(KafkaCluster.replicationFactorFor(brokers)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aClusterWithoutBrokersIsAMistake(int brokers) {
        assertThatThrownBy(() -> KafkaCluster.replicationFactorFor(brokers)).isInstanceOf(IllegalArgumentException.class);
    }
}
