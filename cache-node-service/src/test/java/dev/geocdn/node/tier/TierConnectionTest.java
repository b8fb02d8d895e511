package dev.geocdn.node.tier;

import dev.geocdn.localredis.LocalRedis;
import dev.geocdn.node.NodeFixture;
import dev.geocdn.origin.SelfSignedKeystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

import static dev.geocdn.node.tier.TierTest.fillAndAwaitTier;
import static dev.geocdn.node.tier.TierTest.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a node reaches its tier, each form of {@code cdn.tier.redis.url} against real
 * redis-server processes: through Sentinel, with a password in the URL's user info, and over
 * TLS ({@code rediss://}). Each time, a restarted node serves what the first stored.
 */
class TierConnectionTest {

    @RegisterExtension
    static final OnRedis tier = new OnRedis();

    /** A node with the tier at {@code url} stores {@code path}; restarted, it serves it from there. */
    private static void survivesARestart(String url, String path) {
        String property = "cdn.tier.redis.url=" + url;
        NodeFixture first = tier.node(property);
        fillAndAwaitTier(first, path);
        String body = get(first, path).body();
        first.close();

        NodeFixture restarted = tier.node(property);
        TierTest.Reply reply = get(restarted, path);
        assertThat(reply.field("Cache-Status")).contains("; hit").endsWith("; tier=redis");
        assertThat(reply.body()).isEqualTo(body);
        assertThat(restarted.origin.requestCount()).isZero();
    }

    @Test
    void aTierFoundThroughSentinel_servesARestartedNode() {
        try (LocalRedis sentinel = LocalRedis.startSentinel(tier.redis(), "geocdn")) {
            survivesARestart("redis-sentinel://127.0.0.1:" + sentinel.port() + "#geocdn",
                    "/objects/tier-sentinel?size=700&cc=max-age%3D600");
        }
    }

    @Test
    void aRedisWithAPassword_isReachedThroughTheUrlsUserInfo() {
        try (LocalRedis locked = LocalRedis.start(0, "16mb", List.of("--requirepass", "tier-secret-1"))) {
            survivesARestart("redis://:tier-secret-1@127.0.0.1:" + locked.port(),
                    "/objects/tier-password?size=300&cc=max-age%3D600");
            assertThat(locked.command("GET x")).as("the server does require the password").startsWith("-NOAUTH");
        }
    }

    @Test
    void aRedisSpeakingTls_isReachedThroughARedissUrl(@TempDir Path dir) throws Exception {
        SelfSignedKeystore keystore = SelfSignedKeystore.create(dir);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore.path())) {
            store.load(in, keystore.password().toCharArray());
        }
        Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY",
                store.getKey(SelfSignedKeystore.ALIAS, keystore.password().toCharArray()).getEncoded()));
        Path cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", keystore.certificate().getEncoded()));
        int tlsPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tlsPort = free.getLocalPort();
        }
        try (LocalRedis tls = LocalRedis.start(0, "16mb", List.of("--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
                cert.toString(), "--tls-auth-clients", "no"))) {
            // a self-signed certificate: encrypted, not verified (trusting a private CA is the JVM's truststore)
            survivesARestart("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE",
                    "/objects/tier-tls?size=300&cc=max-age%3D600");
            assertThat(tls.command("DBSIZE")).as("written over TLS to this server").isNotEqualTo(":0");
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

}
