package dev.geocdn.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;

/**
 * A response body of known length that can be sent whole, as a byte range, or in timed pieces
 * (for {@code trickle=}) without being regenerated per request.
 */
interface Body {

    /** The largest buffer a body hands to Netty at once, so big bodies stream with backpressure. */
    int MAX_BUFFER = 64 * 1024;

    long length();

    /** The bytes {@code [from, from + count)}, produced lazily as one or more buffers. */
    Flux<ByteBuf> slice(long from, long count);

    static Body of(byte[] bytes) {
        return new BytesBody(bytes);
    }

    static Body text(String text) {
        return new BytesBody(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A body held in one array; heap buffers are wrapped, never copied, per request. */
    record BytesBody(byte[] bytes) implements Body {

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public Flux<ByteBuf> slice(long from, long count) {
            if (count == 0) {
                return Flux.empty();
            }
            return Flux.range(0, (int) ((count + MAX_BUFFER - 1) / MAX_BUFFER))
                    .map(i -> {
                        long start = from + (long) i * MAX_BUFFER;
                        int n = (int) Math.min(MAX_BUFFER, from + count - start);
                        return Unpooled.wrappedBuffer(bytes, (int) start, n);
                    });
        }
    }
}
