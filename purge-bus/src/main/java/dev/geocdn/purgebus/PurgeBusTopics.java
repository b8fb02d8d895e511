package dev.geocdn.purgebus;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the purge and acknowledgement topics when they do not exist, so that a fresh cluster
 * works without a manual step; existing topics are left as they are (an operator may have
 * given them more partitions or replicas).
 */
public final class PurgeBusTopics {

    private PurgeBusTopics() {
    }

    public static void ensure(PurgeBusSettings settings, Duration timeout) {
        try (Admin admin = Admin.create(settings.clientProperties(Map.of()))) {
            for (String name : List.of(settings.purgesTopic(), settings.acksTopic())) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, settings.partitions(), settings.replication())))
                            .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + " on "
                                + settings.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the purge topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer within "
                    + timeout + " (creating the purge topics)", e);
        }
    }
}
