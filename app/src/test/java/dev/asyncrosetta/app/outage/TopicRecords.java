package dev.asyncrosetta.app.outage;

import dev.asyncrosetta.broker.KafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** How many records a topic holds, by the broker's own account (its partitions' end offsets). */
final class TopicRecords {
    private static final long TIMEOUT_SECONDS = 30;

    private TopicRecords() {}

    /**
     * The sum of the end offsets: the number of records written, as long as no producer wrote in a
     * transaction (whose markers take offsets too), which none does here.
     */
    static long count(KafkaCluster kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        }
    }
}
