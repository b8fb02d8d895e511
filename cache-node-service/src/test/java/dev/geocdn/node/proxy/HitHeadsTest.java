package dev.geocdn.node.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers in a hit's head (Age, ttl, Content-Length) are written as Long.toString would write them. */
class HitHeadsTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 3599, 1_000_000, -1, -20, -3600, Long.MAX_VALUE, Long.MIN_VALUE})
    void decimalsAreWrittenAsText(long value) {
        ByteBuf out = Unpooled.buffer();
        HitHeads.writeDecimal(out, value);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
    }
}
