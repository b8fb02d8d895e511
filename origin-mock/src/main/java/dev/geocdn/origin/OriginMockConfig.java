package dev.geocdn.origin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an {@link OriginMock} listens and what it serves from disk.
 *
 * <p>A record with "with-ers" rather than a builder so that a test can write
 * {@code OriginMockConfig.defaults().withPort(0)} in one expression and so that two configs
 * compare by value.
 *
 * @param host       the address to bind; defaults to {@code 127.0.0.1} so the mock is never
 *                   reachable from outside the machine unless asked for
 * @param port       the TCP port, {@code 0} for a random free port
 * @param staticRoot the directory served under {@code /files/}, or {@code null} for none
 */
public record OriginMockConfig(String host, int port, Path staticRoot) {

    /** The loopback address the mock binds unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public OriginMockConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** {@code 127.0.0.1}, a random free port, no static files. */
    public static OriginMockConfig defaults() {
        return new OriginMockConfig(DEFAULT_HOST, 0, null);
    }

    public OriginMockConfig withHost(String newHost) {
        return new OriginMockConfig(newHost, port, staticRoot);
    }

    public OriginMockConfig withPort(int newPort) {
        return new OriginMockConfig(host, newPort, staticRoot);
    }

    public OriginMockConfig withStaticRoot(Path newStaticRoot) {
        return new OriginMockConfig(host, port, newStaticRoot);
    }
}
