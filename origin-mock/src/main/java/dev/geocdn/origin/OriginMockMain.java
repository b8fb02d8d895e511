package dev.geocdn.origin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Command-line entry point, so the origin can run next to a locally started cache node or a
 * benchmark: {@code java -jar origin-mock-exec.jar --port=9000 [--host=127.0.0.1] [--static-root=DIR]
 * [--tls-keystore=FILE.p12 --tls-password=PW]}. Bad flags exit with status 2, an unusable port or
 * keystore with status 1; otherwise it serves until killed.
 */
public final class OriginMockMain {

    static final String USAGE = "usage: origin-mock [--port=N] [--host=H] [--static-root=DIR]"
            + " [--tls-keystore=PATH --tls-password=PW]\n"
            + "  --port=N            TCP port to listen on (default 9000, 0 = random free port)\n"
            + "  --host=H            address to bind (default 127.0.0.1)\n"
            + "  --static-root=DIR   directory served under /files/ (default: none)\n"
            + "  --tls-keystore=PATH serve HTTPS with the key and certificate in this PKCS12 file\n"
            + "  --tls-password=PW   the keystore's password (required with --tls-keystore)";

    private static final List<String> VALUED = List.of("--port", "--host", "--static-root", "--tls-keystore", "--tls-password");

    private OriginMockMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        OriginMockConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            fail(System.err, e.getMessage());
            return;
        }
        if (config == null) {
            System.out.println(USAGE);
            return;
        }
        configureLogging();
        OriginMock origin;
        try {
            origin = OriginMock.start(config);
        } catch (IllegalArgumentException e) {
            System.err.println("origin-mock: " + e.getMessage()); // the TLS keystore
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("origin-mock: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(origin::close, "origin-mock-shutdown"));
        System.out.println("origin-mock listening on " + origin.baseUrl());
        System.out.flush();
        origin.awaitClose();
    }

    /**
     * Parses the flags.
     *
     * @return the configuration, or {@code null} when help was asked for
     * @throws IllegalArgumentException with a message for the user on a bad flag
     */
    static OriginMockConfig parse(String[] args) {
        OriginMockConfig config = OriginMockConfig.defaults().withPort(9000);
        Path keystore = null;
        String password = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (eq < 0 && VALUED.contains(name)) {
                throw new IllegalArgumentException("option " + name + " needs a value, e.g. " + name + "=...");
            }
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (name) {
                case "--port" -> config = config.withPort(port(value));
                case "--host" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--host must not be empty");
                    }
                    config = config.withHost(value);
                }
                case "--static-root" -> {
                    Path root = Path.of(value);
                    if (value.isBlank() || !Files.isDirectory(root)) {
                        throw new IllegalArgumentException("--static-root is not a directory: '" + value + "'");
                    }
                    config = config.withStaticRoot(root);
                }
                case "--tls-keystore" -> {
                    keystore = Path.of(value);
                    if (value.isBlank() || !Files.isRegularFile(keystore)) {
                        throw new IllegalArgumentException("--tls-keystore is not a file: '" + value + "'");
                    }
                }
                case "--tls-password" -> password = value;
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (keystore != null && password == null) {
            throw new IllegalArgumentException("--tls-keystore needs --tls-password");
        }
        if (keystore == null && password != null) {
            throw new IllegalArgumentException("--tls-password needs --tls-keystore");
        }
        return keystore == null ? config : config.withTls(new OriginMockConfig.Tls(keystore, password));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number between 0 and 65535, got '" + value + "'");
    }

    private static void fail(PrintStream err, String message) {
        err.println("origin-mock: " + message);
        err.println(USAGE);
        System.exit(2);
    }

    /** Quiet, timestamped slf4j-simple output unless the user configured it. */
    private static void configureLogging() {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", System.getProperty("org.slf4j.simpleLogger.log.io.netty", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.reactor", System.getProperty("org.slf4j.simpleLogger.log.reactor", "warn"));
    }
}
