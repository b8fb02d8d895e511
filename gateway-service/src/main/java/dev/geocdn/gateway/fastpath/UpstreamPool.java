package dev.geocdn.gateway.fastpath;

import dev.geocdn.edge.http.InterimResponses;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to nodes and regional gateways, pooled per event loop as nginx pools
 * them per worker: a client connection's requests are forwarded on connections of the same
 * loop, so a request never changes threads and the pool needs no lock. Idle connections are
 * reused newest first (the ones least likely to have been closed by the target's keep-alive
 * timeout); beyond {@code maxIdle} per target and loop, a connection is closed when released.
 */
final class UpstreamPool implements AutoCloseable {

    static final String HANDLER = "geocdn.upstream";

    /** Told when a connection is ready, or why none could be made. */
    interface Acquired {
        void ready(Channel upstream, boolean reused);

        void failed(Throwable cause);
    }

    private final int maxIdle;
    private final int connectTimeoutMillis;
    private final ChannelGroup all = new DefaultChannelGroup("geocdn-upstreams", GlobalEventExecutor.INSTANCE);
    private final Map<Class<? extends Channel>, ReflectiveChannelFactory<Channel>> factories = new ConcurrentHashMap<>();
    private final FastThreadLocal<Map<URI, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<URI, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    UpstreamPool(int maxIdle, int connectTimeoutMillis) {
        this.maxIdle = maxIdle;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /**
     * An idle connection to {@code target} of {@code client}'s loop, else a new one on that loop;
     * {@code fresh} skips the idle ones. Called on the client's loop.
     */
    void acquire(Channel client, URI target, boolean fresh, Acquired acquired) {
        if (!fresh) {
            ArrayDeque<Channel> free = idle.get().get(target);
            Channel channel;
            while (free != null && (channel = free.pollLast()) != null) {
                if (channel.isActive()) {
                    acquired.ready(channel, true);
                    return;
                }
            }
        }
        EventLoop loop = client.eventLoop();
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channelFactory(factory(client.getClass()))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast("codec", new HttpClientCodec());
                        InterimResponses.install(channel.pipeline(), "codec");
                        channel.pipeline().addLast(HANDLER, new UpstreamHandler());
                    }
                })
                .connect(InetSocketAddress.createUnresolved(target.getHost(), port(target)));
        connect.addListener(done -> {
            if (done.isSuccess()) {
                Channel channel = connect.channel();
                all.add(channel);
                channel.closeFuture().addListener(closed -> forget(target, channel));
                acquired.ready(channel, false);
            } else {
                acquired.failed(done.cause());
            }
        });
    }

    /** Gives back a connection whose last response was read whole and that stays open. */
    void release(URI target, Channel channel) {
        if (!channel.isActive() || !channel.eventLoop().inEventLoop()) {
            channel.close();
            return;
        }
        ArrayDeque<Channel> free = idle.get().computeIfAbsent(target, t -> new ArrayDeque<>());
        if (free.size() >= maxIdle) {
            channel.close();
            return;
        }
        channel.config().setAutoRead(true);
        free.addLast(channel);
    }

    private void forget(URI target, Channel channel) {
        if (channel.eventLoop().inEventLoop()) {
            ArrayDeque<Channel> free = idle.get().get(target);
            if (free != null) {
                free.remove(channel);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private ReflectiveChannelFactory<Channel> factory(Class<? extends Channel> serverChild) {
        // the client connection's own transport (epoll, NIO...): the loop it is registered on runs it
        return factories.computeIfAbsent(serverChild, type -> new ReflectiveChannelFactory<>((Class<Channel>) type));
    }

    private static int port(URI target) {
        if (target.getPort() > 0) {
            return target.getPort();
        }
        return "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /**
     * Closes the idle and busy connections. Those whose event loop has already shut down (the
     * server stopped first) are closed with it: asking their loop again would only be refused.
     */
    @Override
    public void close() {
        for (Channel channel : all) {
            if (!channel.eventLoop().isShuttingDown()) {
                channel.close().awaitUninterruptibly(5_000);
            }
        }
    }
}
