package dev.geocdn.localredis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a loopback port, for the local world's regions and for
 * tests: started, killed as a crash would, and started again on the same port, as an operator's
 * Redis goes down and comes back. Nothing is written to disk; memory is bounded with an LRU policy,
 * as a Redis tier is configured; or a Redis Sentinel that monitors one, for a tier found through
 * Sentinel. The Debian package {@code redis-server} provides the binary;
 * without it, starting fails with a message that says how to install it.
 */
public final class LocalRedis implements AutoCloseable {

    /** Where Debian and common installs put the binary. */
    private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
            "/usr/sbin/redis-server");

    private final int port;
    private final Path dir;
    /** What follows the binary on its command line. */
    private final List<String> arguments;
    private Process process;

    private LocalRedis(int port, Path dir, List<String> arguments) {
        this.port = port;
        this.dir = dir;
        this.arguments = arguments;
    }

    /**
     * Starts a server on {@code port} (0: a free one) and waits until it answers PING.
     *
     * @param maxMemory Redis's maxmemory, e.g. {@code 64mb}
     * @throws IllegalStateException when redis-server is not installed or does not start
     */
    public static LocalRedis start(int port, String maxMemory) {
        return start(port, maxMemory, List.of());
    }

    /**
     * As {@link #start(int, String)}, with more of redis-server's options after the usual ones
     * ({@code --requirepass secret}).
     */
    public static LocalRedis start(int port, String maxMemory, List<String> more) {
        String binary = binary(); // before anything else: the clearest failure first
        try {
            int chosen = port == 0 ? freePort() : port;
            Path dir = Files.createTempDirectory("geocdn-redis");
            List<String> arguments = new java.util.ArrayList<>(List.of("--port", String.valueOf(chosen), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--maxmemory", maxMemory,
                    "--maxmemory-policy", "allkeys-lru"));
            arguments.addAll(more);
            LocalRedis redis = new LocalRedis(chosen, dir, List.copyOf(arguments));
            redis.launch(binary);
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a Redis server: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a Redis Sentinel on a free port that monitors {@code master} under the name
     * {@code masterName} (quorum one), and waits until it answers PING.
     */
    public static LocalRedis startSentinel(LocalRedis master, String masterName) {
        String binary = binary();
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("geocdn-sentinel");
            Path config = dir.resolve("sentinel.conf"); // Sentinel rewrites its own file, so it gets one
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 5000",
                    ""));
            LocalRedis sentinel = new LocalRedis(port, dir, List.of(config.toString(), "--sentinel"));
            sentinel.launch(binary);
            return sentinel;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a Redis Sentinel: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The URL a node's {@code cdn.tier.redis.url} takes. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on its port, after {@link #kill()}, and waits until it answers. */
    public synchronized void startAgain() {
        launch(binary());
    }

    private synchronized void launch(String binary) {
        try {
            List<String> command = new java.util.ArrayList<>();
            command.add(binary);
            command.addAll(arguments);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (process.isAlive() && !answers()) {
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("redis-server did not answer on port " + port + " within 15 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while redis-server started", e);
            }
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited at start (port " + port + " in use?); its log: "
                    + dir.resolve("redis.log"));
        }
    }

    /** Whether the server answers: PONG, or a demand for a password it was started with. */
    private boolean answers() {
        String reply = command("PING");
        return reply.equals("+PONG") || reply.startsWith("-NOAUTH");
    }

    /** Kills the server, as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Whether the server is running. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sends one command in Redis's inline form and returns the first line of the reply, or {@code -unreachable ...}. */
    public String command(String inline) {
        return reply(inline, false);
    }

    /**
     * Sends one command in Redis's inline form and returns its bulk-string reply whole
     * ({@code CLUSTER INFO}, {@code INFO}), or the first line of any other reply.
     */
    public String bulk(String inline) {
        return reply(inline, true);
    }

    private String reply(String inline, boolean wholeBulk) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (!wholeBulk || line.isEmpty() || line.charAt(0) != '$' || line.toString().equals("$-1")) {
                return line.toString();
            }
            return new String(in.readNBytes(Integer.parseInt(line.substring(1))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "-unreachable " + e.getMessage();
        }
    }

    private static String binary() {
        for (String candidate : BINARIES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed (Debian: apt-get install redis-server)");
    }

    @Override
    public void close() {
        kill();
    }
}
