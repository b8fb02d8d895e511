package dev.geocdn.origin;

import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A configurable HTTP/1.1 origin server for running, testing and benchmarking the cache node
 * without a real backend; plain HTTP, or HTTPS when the config has a
 * {@linkplain OriginMockConfig#withTls TLS keystore}.
 *
 * <p>Everything a response looks like (size, validators, caching headers, status, latency,
 * pacing) is chosen by the request's query string, so one origin serves every test at once; what
 * the origin <em>saw</em> is exposed through counters and {@link #recentRequests()}, which is how a
 * test tells a cache hit from a miss. {@link #stop()} and {@link #restart()} emulate an origin
 * outage on a fixed port. See the module README for the URL reference.
 *
 * <pre>{@code
 * try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
 *     String url = origin.baseUrl() + "/objects/a.bin?size=64k&cc=max-age%3D60";
 *     // ... fetch url through the proxy twice ...
 *     assertThat(origin.requestCount("/objects/a.bin")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class OriginMock implements AutoCloseable {

    private static final Logger log = Loggers.getLogger(OriginMock.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final OriginMockConfig config;
    private final Counters counters = new Counters();
    private final OriginHandler handler;
    private final SslContext sslContext;
    private final ChannelGroup connections = new DefaultChannelGroup("origin-mock", GlobalEventExecutor.INSTANCE);
    private int port;
    private DisposableServer server;
    private boolean closed;

    private OriginMock(OriginMockConfig config) {
        this.config = config;
        this.handler = new OriginHandler(counters, ObjectGenerator.withDefaultBudget(), new StaticFiles(config.staticRoot()));
        this.port = config.port();
        this.sslContext = config.tls() == null ? null : serverContext(config.tls());
    }

    /**
     * Binds {@code config.host():config.port()} and starts serving; port 0 picks a free port.
     *
     * @throws IllegalArgumentException when the TLS keystore cannot be read or holds no key
     */
    public static OriginMock start(OriginMockConfig config) {
        OriginMock origin = new OriginMock(config);
        origin.bind();
        return origin;
    }

    /** The port actually bound; stays the same across {@link #stop()} and {@link #restart()}. */
    public synchronized int port() {
        return port;
    }

    /**
     * {@code http://127.0.0.1:<port>}, or {@code https://...} with TLS (the configured host
     * instead of 127.0.0.1 when it is not a wildcard address).
     */
    public String baseUrl() {
        String host = config.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (isTls() ? "https://" : "http://") + host + ":" + port();
    }

    /** Whether it is listening (between {@link #stop()} and {@link #restart()} it is not). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Whether the mock serves HTTPS. */
    public boolean isTls() {
        return sslContext != null;
    }

    /** All requests received since start or the last reset, except the {@code /__origin/} ones. */
    public long requestCount() {
        return counters.total();
    }

    /** Requests for one path, query string ignored; the path may be given percent-encoded or not. */
    public long requestCount(String path) {
        return counters.forPath(new QueryStringDecoder(path).path());
    }

    /** Requests that carried If-None-Match or If-Modified-Since, i.e. revalidations. */
    public long conditionalRequestCount() {
        return counters.conditional();
    }

    /** The last {@value Counters#RECENT_LIMIT} requests at most, oldest first. */
    public List<RecordedRequest> recentRequests() {
        return counters.recent();
    }

    /** Zeroes every counter and forgets the recent requests. */
    public void resetCounters() {
        counters.reset();
    }

    /**
     * Stops listening and closes open connections, so that new connections are refused and
     * pooled keep-alive connections fail, as when a real origin goes down. Idempotent.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.disposeNow(STOP_TIMEOUT);
        server = null;
        connections.close().awaitUninterruptibly(STOP_TIMEOUT.toMillis());
        log.info("origin-mock stopped listening on port {}", port);
    }

    /** Listens again on the same port after {@link #stop()}; does nothing if already listening. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("origin-mock is closed");
        }
        if (server == null) {
            bind();
        }
    }

    /** Stops for good; {@link #restart()} is refused afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
        notifyAll();
    }

    /** Blocks the calling thread until the server is closed (used by {@link OriginMockMain}). */
    void awaitClose() throws InterruptedException {
        synchronized (this) {
            while (!closed) {
                wait();
            }
        }
    }

    private synchronized void bind() {
        HttpServer http = HttpServer.create();
        if (sslContext != null) {
            http = http.secure(spec -> spec.sslContext(sslContext));
        }
        server = http
                .host(config.host())
                .port(port)
                .protocol(HttpProtocol.HTTP11)
                .compress(false)
                .option(ChannelOption.SO_REUSEADDR, true)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024).maxHeaderSize(64 * 1024))
                // at accept, before any request: a connection taken just before stop() is closed too
                .doOnChannelInit((observer, channel, remote) -> connections.add(channel))
                .handle(handler)
                .bindNow(BIND_TIMEOUT);
        port = ((InetSocketAddress) server.address()).getPort();
        log.info("origin-mock listening on {}", baseUrl());
    }

    /** A server context from the PKCS12 keystore, built once so that {@link #restart()} reuses it. */
    private static SslContext serverContext(OriginMockConfig.Tls tls) {
        char[] password = tls.password().toCharArray();
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password);
            boolean hasKey = false;
            for (String alias : Collections.list(keyStore.aliases())) {
                hasKey |= keyStore.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("TLS keystore " + tls.keystore() + " holds no private key entry");
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            return SslContextBuilder.forServer(keyManagers).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
    }
}
