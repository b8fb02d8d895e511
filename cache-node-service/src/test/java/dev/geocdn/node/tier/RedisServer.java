package dev.geocdn.node.tier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} process on a free loopback port, for tests: started, stopped and
 * started again on the same port, as an operator's Redis goes down and comes back. Nothing is
 * persisted to disk. The Debian package {@code redis-server} provides the binary ({@code .ci/run}
 * installs it); without it the test fails and says so.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RedisServer server = new RedisServer(socket.getLocalPort(), Files.createTempDirectory("geocdn-redis"));
            socket.close();
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare a Redis server", e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port, and waits until it answers PING. */
    public synchronized void startAgain() {
        String binary = binary();
        try {
            process = new ProcessBuilder(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--maxmemory", "64mb",
                    "--maxmemory-policy", "allkeys-lru"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> !process.isAlive() || answersPing());
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server exited at start; its log is in " + dir.resolve("redis.log"));
        }
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

    /** Sends one command in Redis's inline form and returns the first line of the reply. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
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
            return line.toString();
        } catch (IOException e) {
            return "-unreachable " + e.getMessage();
        }
    }

    private boolean answersPing() {
        return command("PING").equals("+PONG");
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed: the persistence tier's tests need a real one "
                + "(Debian: apt-get install redis-server; .ci/run installs it)");
    }

    @Override
    public void close() {
        kill();
    }
}
