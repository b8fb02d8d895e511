package dev.geocdn.origin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away self-signed certificate for an HTTPS {@link OriginMock}, <strong>for tests and
 * local runs only</strong>: never use it to protect anything.
 *
 * <p>The keystore is made by the running JDK's own {@code keytool} (found under
 * {@code java.home}), so no extra crypto library is needed: a PKCS12 file holding one EC P-256
 * key pair under the alias {@value #ALIAS}, with a certificate for {@code CN=127.0.0.1} and the
 * subject alternative names {@code IP:127.0.0.1} and {@code DNS:localhost}, valid for 2 days,
 * protected by a random password.
 *
 * <pre>{@code
 * SelfSignedKeystore keystore = SelfSignedKeystore.create(tempDir);
 * try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withTls(keystore.tls()))) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(keystore.trustingContext()).build();
 *     // ... origin.baseUrl() is https://127.0.0.1:<port> ...
 * }
 * }</pre>
 */
public final class SelfSignedKeystore {

    /** The alias of the key entry. */
    public static final String ALIAS = "origin";

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "GEOCDN_TEST_KEYSTORE_PASSWORD";

    private final Path path;
    private final String password;

    private SelfSignedKeystore(Path path, String password) {
        this.path = path;
        this.password = password;
    }

    /**
     * Runs {@code keytool -genkeypair} to write a new {@code origin*.p12} into {@code directory}
     * (which must exist, e.g. a JUnit {@code @TempDir}).
     *
     * @throws IllegalStateException with keytool's exit status and output when it cannot be run
     *                               or fails
     */
    public static SelfSignedKeystore create(Path directory) {
        Path file = directory.resolve("origin.p12");
        for (int n = 2; Files.exists(file); n++) {
            file = directory.resolve("origin-" + n + ".p12");
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path keytool = keytool();
        List<String> command = List.of(keytool.toString(),
                "-genkeypair",
                "-alias", ALIAS,
                "-keyalg", "EC",
                "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2",
                "-storetype", "PKCS12",
                "-keystore", file.toString(),
                "-storepass:env", PASSWORD_VARIABLE,
                "-keypass:env", PASSWORD_VARIABLE,
                "-noprompt");
        String output;
        int exit;
        try {
            Path log = Files.createTempFile(directory, "keytool", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put(PASSWORD_VARIABLE, password); // not on the command line
            Process process = builder.start();
            process.getOutputStream().close(); // -noprompt, but never let it wait for input
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s: "
                        + String.join(" ", command));
            }
            exit = process.exitValue();
            output = Files.readString(log, Charset.defaultCharset()).strip();
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for keytool", e);
        }
        if (exit != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("keytool -genkeypair failed with exit status " + exit
                    + (output.isEmpty() ? " and no output" : ": " + output)
                    + "\n  command: " + String.join(" ", command));
        }
        return new SelfSignedKeystore(file, password);
    }

    /** {@code $java.home/bin/keytool} of the running JDK. */
    static Path keytool() {
        String javaHome = System.getProperty("java.home");
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path keytool = Path.of(javaHome, "bin", windows ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("no keytool at " + keytool + " (java.home=" + javaHome
                    + "); run on a full JDK");
        }
        return keytool;
    }

    /** The PKCS12 file. */
    public Path path() {
        return path;
    }

    /** The keystore (and key) password. */
    public String password() {
        return password;
    }

    /** The setting for {@link OriginMockConfig#withTls}. */
    public OriginMockConfig.Tls tls() {
        return new OriginMockConfig.Tls(path, password);
    }

    /** The self-signed certificate. */
    public X509Certificate certificate() {
        try {
            return (X509Certificate) load().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client TLS context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + path, e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            return keyStore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedKeystore[" + path + "]";
    }
}
