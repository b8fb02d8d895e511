package dev.geocdn.purgebus;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSerdeTest {

    private final JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);
    private final JsonSerde<PurgeAck> acks = new JsonSerde<>(PurgeAck.class);

    @Test
    void aPurge_travelsWhole() {
        PurgeCommand purge = new PurgeCommand("p-1", 123456789L, List.of("https://cdn.example.com/a?x=1"),
                List.of("https://cdn.example.com/img/"), List.of("product-42"), true, "ops",
                Instant.parse("2026-12-04T17:30:00.123Z"));

        assertThat(purges.deserialize("t", purges.serialize("t", purge))).isEqualTo(purge);
    }

    @Test
    void anAck_travelsWhole() {
        PurgeAck ack = new PurgeAck("p-1", 1, "us-west-1", "us-west", 2, Instant.parse("2026-12-04T17:30:00Z"), 3, 0, 17);

        assertThat(acks.deserialize("t", acks.serialize("t", ack))).isEqualTo(ack);
    }

    @Test
    void unknownFields_areIgnored_soProducersMayAddSome() {
        String json = "{\"purgeId\":\"p\",\"purgeHlc\":1,\"nodeId\":\"n\",\"region\":\"r\",\"appliedHlc\":2,"
                + "\"appliedAt\":\"2026-12-04T17:30:00Z\",\"removed\":0,\"partition\":0,\"offset\":5,\"future\":true}";

        assertThat(acks.deserialize("t", json.getBytes(StandardCharsets.UTF_8)).offset()).isEqualTo(5);
    }

    @Test
    void aRecordThatCannotBeRead_isNull_notAnError() {
        assertThat(purges.deserialize("t", "not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(purges.deserialize("t", "{\"id\":\"\"}".getBytes(StandardCharsets.UTF_8))).as("invalid purge").isNull();
        assertThat(purges.deserialize("t", null)).isNull();
        assertThat(purges.serialize("t", null)).isNull();
    }
}
