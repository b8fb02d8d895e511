package dev.geocdn.origin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an {@link OriginMock} listens, what it serves from disk and whether it speaks TLS.
 *
 * <p>A record with "with-ers" rather than a builder so that a test can write
 * {@code OriginMockConfig.defaults().withPort(0)} in one expression and so that two configs
 * compare by value.
 *
 * @param host       the address to bind; defaults to {@code 127.0.0.1} so the mock is never
 *                   reachable from outside the machine unless asked for
 * @param port       the TCP port, {@code 0} for a random free port
 * @param staticRoot the directory served under {@code /files/}, or {@code null} for none
 * @param tls        the server certificate to serve HTTPS with, or {@code null} for plain HTTP
 */
public record OriginMockConfig(String host, int port, Path staticRoot, Tls tls) {

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

    /** A plain-HTTP configuration. */
    public OriginMockConfig(String host, int port, Path staticRoot) {
        this(host, port, staticRoot, null);
    }

    /** {@code 127.0.0.1}, a random free port, no static files, plain HTTP. */
    public static OriginMockConfig defaults() {
        return new OriginMockConfig(DEFAULT_HOST, 0, null, null);
    }

    public OriginMockConfig withHost(String newHost) {
        return new OriginMockConfig(newHost, port, staticRoot, tls);
    }

    public OriginMockConfig withPort(int newPort) {
        return new OriginMockConfig(host, newPort, staticRoot, tls);
    }

    public OriginMockConfig withStaticRoot(Path newStaticRoot) {
        return new OriginMockConfig(host, port, newStaticRoot, tls);
    }

    /** Serves HTTPS with {@code newTls}, or plain HTTP when {@code null}. */
    public OriginMockConfig withTls(Tls newTls) {
        return new OriginMockConfig(host, port, staticRoot, newTls);
    }

    /**
     * The server certificate and private key for HTTPS: a PKCS12 keystore holding one private
     * key entry (see {@link SelfSignedKeystore} for tests and local runs). The keystore is read
     * when the mock starts; a missing or unreadable file or a wrong password fails
     * {@link OriginMock#start} with an {@link IllegalArgumentException}.
     *
     * @param keystore the PKCS12 file
     * @param password the keystore password, also used for the key entry (as PKCS12 requires)
     */
    public record Tls(Path keystore, String password) {

        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(password, "password");
        }

        /** Does not print the password. */
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", password=***]";
        }
    }
}
