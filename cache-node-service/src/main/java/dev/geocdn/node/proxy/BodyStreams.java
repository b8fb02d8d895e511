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

    /** {@code [offset, offset + length)} of a stored body; an error if it was evicted meanwhile. */
    static Flux<ByteBuf> stored(Body body, long offset, long length) {
        if (length == 0) {
            return Flux.empty();
        }
        List<ByteBuf> buffers = buffers(body, offset, length);
        if (buffers == null) {
            return Flux.error(new IllegalStateException("the body was evicted while being read"));
        }
        return buffers.size() == 1 ? Flux.just(buffers.get(0)) : Flux.fromIterable(buffers);
    }

    /**
     * Buffers over {@code [offset, offset + length)} of a stored body, each holding the body's
     * memory until Netty releases it; null when a pooled body was freed before it could be held.
     */
    static List<ByteBuf> buffers(Body body, long offset, long length) {
        List<ByteBuf> buffers = new ArrayList<>(2);
        if (!body.isPooled()) {
            body.forEachSlice(offset, length, slice -> buffers.add(Unpooled.wrappedBuffer(slice)));
            return buffers;
        }
        try {
            body.forEachSlice(offset, length, slice -> {
                if (!body.retain()) {
                    throw new IllegalStateException("evicted");
                }
                buffers.add(BodyBuffers.holding(slice, body::release));
            });
            return buffers;
        } catch (IllegalStateException evicted) {
            buffers.forEach(ByteBuf::release);
            return null;
        }
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
                            if (!body.retainMemory()) {
                                sink.error(new IllegalStateException("the body's memory was freed while being read"));
                                return;
                            }
                            sink.next(BodyBuffers.holding(slice, body::releaseMemory));
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
