package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.store.Body;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies as Netty buffers that wrap the cache's memory: nothing is copied on the way to the
 * socket.
 */
final class BodyStreams {

    private BodyStreams() {
    }

    /** {@code [offset, offset + length)} of a stored body. */
    static Flux<ByteBuf> stored(Body body, long offset, long length) {
        if (length == 0) {
            return Flux.empty();
        }
        List<ByteBuf> buffers = new ArrayList<>(2);
        body.forEachSlice(offset, length, slice -> buffers.add(Unpooled.wrappedBuffer(slice)));
        return buffers.size() == 1 ? Flux.just(buffers.get(0)) : Flux.fromIterable(buffers);
    }

    /**
     * {@code [from, to)} of a body still filling, emitted as bytes arrive; {@code to} negative
     * means up to the end. Errors if the fill fails before the range is complete.
     */
    static Flux<ByteBuf> following(StreamingBody body, long from, long to) {
        return Flux.create(sink -> {
            Object lock = new Object();
            long[] position = {from};
            Runnable drain = () -> {
                synchronized (lock) {
                    long available = body.available();
                    long limit = to < 0 ? available : Math.min(available, to);
                    if (limit > position[0]) {
                        for (ByteBuffer slice : body.slices(position[0], limit)) {
                            sink.next(Unpooled.wrappedBuffer(slice));
                        }
                        position[0] = limit;
                    }
                    if (to >= 0 && position[0] >= to) {
                        sink.complete();
                    } else if (body.isEnded()) {
                        if (body.error() != null) {
                            sink.error(body.error());
                        } else if (position[0] >= body.available()) {
                            sink.complete();
                        }
                    }
                }
            };
            StreamingBody.Listener listener = new StreamingBody.Listener() {
                @Override
                public void onData() {
                    drain.run();
                }

                @Override
                public void onEnd(Throwable error) {
                    drain.run();
                }
            };
            sink.onDispose(() -> body.removeListener(listener));
            body.addListener(listener);
            drain.run();
        });
    }
}
