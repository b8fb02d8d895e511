package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every partition of its topics without a consumer group: assigns them all, seeks to the
 * start the {@link Positioning.EveryPartition} names, and looks the partitions up again every
 * {@code refresh}, reading partitions added since from their beginning.
 *
 * <p>A topic without partitions (not created yet) is an error the loop retries, so the reader
 * is not positioned until every topic exists.
 */
final class PartitionPositioner implements Positioner {

    private final Positioning.EveryPartition spec;
    private final Positions positions;
    private final Duration timeout;
    private KafkaConsumer<String, ?> consumer;
    private boolean prepared;
    private boolean positioned;
    private Instant nextRefresh = Instant.MIN;

    PartitionPositioner(Positioning.EveryPartition spec, Positions positions, Duration timeout) {
        this.spec = spec;
        this.positions = positions;
        this.timeout = timeout;
        this.prepared = spec.prepare() == null;
    }

    @Override
    public void beforePoll(KafkaConsumer<String, ?> consumer, Instant now) {
        if (this.consumer != consumer) {
            this.consumer = consumer;
            positioned = false;
        }
        if (!prepared) {
            spec.prepare().run();
            prepared = true;
        }
        if (!positioned) {
            List<TopicPartition> all = partitions();
            consumer.assign(all);
            if (spec.from() == Positioning.Start.END) {
                consumer.seekToEnd(all);
            } else {
                consumer.seekToBeginning(all);
            }
            positionAll(all);
            positioned = true;
            nextRefresh = now.plus(spec.refresh());
        } else if (!now.isBefore(nextRefresh)) {
            List<TopicPartition> all = partitions();
            Set<TopicPartition> held = new HashSet<>(consumer.assignment());
            List<TopicPartition> added = all.stream().filter(p -> !held.contains(p)).toList();
            if (!added.isEmpty()) {
                consumer.assign(all);
                consumer.seekToBeginning(added);
                positionAll(added);
            }
            nextRefresh = now.plus(spec.refresh());
        }
    }

    @Override
    public boolean commits() {
        return false;
    }

    /** Resolves the positions of {@code partitions} now, so that nothing written from here on is missed. */
    private void positionAll(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (TopicPartition partition : partitions) {
            starts.put(partition, consumer.position(partition, timeout));
        }
        positions.positioned(starts, consumer.endOffsets(partitions, timeout));
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : spec.topics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(info -> all.add(new TopicPartition(info.topic(), info.partition())));
        }
        return all;
    }
}
