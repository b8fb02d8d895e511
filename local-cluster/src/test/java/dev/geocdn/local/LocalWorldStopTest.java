package dev.geocdn.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the local world (what Ctrl-C runs) after it has been used, Kafka included: it stops
 * quietly, with no warning or error logged, and leaves every port free for the next start.
 */
class LocalWorldStopTest {

    private static final String TOKEN = "stop-test-token-0123";

    @Test
    void aWorldInUse_stopsWithoutAWarningOrError_andFreesEveryPort() throws Exception {
        LocalWorld world = LocalWorld.start(WorldConfig.ephemeral().withAdminToken(TOKEN));
        List<URI> listening;
        try {
            useEveryPart(world);
            listening = addresses(world);
        } catch (Exception | AssertionError e) {
            world.close();
            throw e;
        }

        List<String> quieted = List.of(EmbeddedPurgeLog.CLOSED_TWICE_LOGGER);
        List<Level> levels = quieted.stream().map(name -> logger(name).getLevel()).toList();

        List<ILoggingEvent> logged = whileCapturingLogs(world::close);

        assertThat(logged.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()))
                .as("warnings and errors logged while stopping").isEmpty();
        for (URI address : listening) {
            assertThat(canListenOn(address)).as(address + " is free again").isTrue();
        }
        assertThat(quieted.stream().map(name -> logger(name).getLevel()).toList())
                .as("loggers quiet while a part stopped report again").isEqualTo(levels);
    }

    /** A request through the global gateway, and a strong purge: every node, the acknowledgements and the reader use Kafka. */
    private static void useEveryPart(LocalWorld world) throws Exception {
        WorldHealth.awaitAllUp(world);
        ClientFrom.Response response = ClientFrom.get("127.0.3.9", world.gatewayUrl() + "/objects/stop?size=1k&cc=max-age%3D60");
        assertThat(response.status()).isEqualTo(200);
        HttpResponse<String> purge = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prefixes\":[\"http://127.0.0.1/objects/\"],"
                                + "\"consistency\":\"strong\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(200);
    }

    private static List<URI> addresses(LocalWorld world) {
        List<URI> all = new ArrayList<>(List.of(URI.create(world.gatewayUrl()), URI.create(world.healthUrl()),
                URI.create(world.invalidationUrl()), URI.create(world.originUrl()),
                URI.create("tcp://" + world.kafkaBootstrapServers().replace("localhost", "127.0.0.1"))));
        for (String region : world.regions()) {
            all.add(URI.create(world.regionalGatewayUrl(region)));
            world.nodeIds(region).forEach(id -> all.add(URI.create(world.nodeUrl(id))));
        }
        return all;
    }

    private static Logger logger(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
    }

    private static List<ILoggingEvent> whileCapturingLogs(Runnable action) {
        Logger root = logger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            action.run();
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
        return List.copyOf(appender.list);
    }

    private static boolean canListenOn(URI address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address.getHost()), address.getPort()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
