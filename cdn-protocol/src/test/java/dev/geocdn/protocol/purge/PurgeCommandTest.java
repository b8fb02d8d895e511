package dev.geocdn.protocol.purge;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PurgeCommandTest {

    @Test
    void absentLists_areEmpty_andListsAreCopied() {
        List<String> urls = new ArrayList<>(List.of("https://cdn.example.com/a"));
        PurgeCommand purge = new PurgeCommand("p1", 42, urls, null, null, false, "ops", Instant.EPOCH);
        urls.add("https://cdn.example.com/b");

        assertThat(purge.urls()).containsExactly("https://cdn.example.com/a");
        assertThat(purge.prefixes()).isEmpty();
        assertThat(purge.surrogateKeys()).isEmpty();
        assertThat(purge.targetCount()).isEqualTo(1);
    }

    @Test
    void aPurgeWithoutId_isRefused() {
        assertThatThrownBy(() -> new PurgeCommand(" ", 1, List.of(), List.of(), List.of(), false, "ops", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAckWithoutNode_isRefused() {
        assertThatThrownBy(() -> new PurgeAck("p1", 1, "", "us-west", 2, Instant.EPOCH, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNode_hasItsOwnStableGroup() {
        assertThat(PurgeTopics.nodeGroup("us-west-1")).isEqualTo("geocdn-node-us-west-1");
        assertThat(PurgeTopics.nodeGroup("us-west-1")).isNotEqualTo(PurgeTopics.nodeGroup("us-west-2"));
    }
}
