package dev.geocdn.node.prefetch;

import dev.geocdn.cache.freshness.PathPattern;
import dev.geocdn.cache.prefetch.HlsPlaylist;
import dev.geocdn.cache.prefetch.PlaylistIndex;
import dev.geocdn.protocol.http.PreloadLinks;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.proxy.RequestHooks;
import dev.geocdn.protocol.http.AheadOfClients;
import dev.geocdn.protocol.http.WarmVerdict;
import io.netty.handler.codec.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fetches what clients are about to ask for: the {@code rel=preload} targets of a response
 * stored from the origin, and the HLS segments after the one a client asked for. Each target is
 * sent as a {@code HEAD} (a playlist to read, as a {@code GET}) to {@code cdn.prefetch.via}, the
 * region's gateway, which hands it to the target's owner; there it is one more request, collapsed
 * with any client's, filled once and stored, and its {@code Cache-Status} says what came of it.
 *
 * <p>Bounded everywhere: a queue of {@code queue-capacity} targets (more are dropped), at most
 * {@code concurrency} in flight, one fetch per target at a time, and a target fetched less than
 * {@code remember} ago is not fetched again. Nothing here runs on the client's path: the hooks
 * only enqueue.
 *
 * <p>HLS across nodes: a segment's prefetch names its playlist ({@link AheadOfClients}); the
 * segment's owner, which has not read that playlist, reads it once through the CDN, and when a
 * client then asks it for the segment, it prefetches the following ones in turn.
 */
public final class Prefetcher implements RequestHooks, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Prefetcher.class);
    private static final Set<String> PLAYLIST_TYPES = Set.of("application/vnd.apple.mpegurl",
            "application/x-mpegurl", "audio/mpegurl", "audio/x-mpegurl");

    /** Why a target is fetched; a label of the metrics. */
    enum Trigger {
        PRELOAD, HLS, PLAYLIST;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Target(String url, Trigger trigger, String playlist) {
    }

    private final PrefetchProperties properties;
    private final List<PathPattern> patterns;
    private final PlaylistIndex playlists;
    private final Supplier<URI> via;
    private final HttpClient http;
    private final ConnectionProvider connections;
    private final Clock clock;
    private final PrefetchMetrics metrics;
    private final ArrayDeque<Target> queue = new ArrayDeque<>();
    private final Set<String> pending = new HashSet<>();
    private final LinkedHashMap<String, Long> recent = new LinkedHashMap<>();
    private int running;

    /**
     * @param via         where prefetches are sent, asked once per fetch (this node's own port is
     *                    known only once it listens)
     * @param connections the pool of connections to {@code via}, disposed by {@link #close()}
     * @param loops       the node's event loops, which the prefetches run on; null for the global ones
     */
    public Prefetcher(PrefetchProperties properties, Supplier<URI> via, ConnectionProvider connections,
                      LoopResources loops, Clock clock, PrefetchMetrics metrics) {
        this.connections = connections;
        this.properties = properties;
        this.patterns = properties.paths().stream().map(PathPattern::compile).toList();
        this.playlists = new PlaylistIndex(properties.playlists(), properties.playlists() * 1000,
                properties.playlists() * 10);
        this.via = via;
        HttpClient client = HttpClient.create(connections).responseTimeout(properties.timeout());
        this.http = loops == null ? client : client.runOn(loops);
        this.clock = clock;
        this.metrics = metrics;
        metrics.bindQueue(this::queued);
    }

    @Override
    public void requested(String cacheKey) {
        if (playlists.isEmpty()) {
            return;
        }
        List<String> next = playlists.next(cacheKey, properties.segmentsAhead());
        if (!next.isEmpty()) {
            String playlist = playlists.playlistOf(cacheKey).orElse(null);
            next.forEach(url -> offer(new Target(url, Trigger.HLS, playlist)));
            return;
        }
        playlists.unreadPlaylistOf(cacheKey).ifPresent(url -> offer(new Target(url, Trigger.PLAYLIST, null)));
    }

    @Override
    public void hinted(String cacheKey, String playlistUrl) {
        URI segment = uri(cacheKey);
        URI playlist = uri(playlistUrl);
        if (segment != null && playlist != null && sameOrigin(segment, playlist) && applies(playlist)) {
            playlists.hint(cacheKey, playlist.toString());
            // read now, so that the client's request finds it read; nothing is prefetched for a prefetch
            playlists.unreadPlaylistOf(cacheKey).ifPresent(url -> offer(new Target(url, Trigger.PLAYLIST, null)));
        }
    }

    @Override
    public void stored(String cacheKey, StoredResponse response, boolean fromOrigin) {
        URI url = uri(cacheKey);
        if (url == null || !applies(url)) {
            return;
        }
        for (URI target : PreloadLinks.targets(response.headers().joined("Link"), url, properties.maxLinks())) {
            offer(new Target(target.toString(), Trigger.PRELOAD, null));
        }
        if (isPlaylist(url, response)) {
            String text = text(response);
            HlsPlaylist playlist = text == null ? null : HlsPlaylist.parse(text, url);
            if (playlist != null && !playlist.master()) {
                playlists.learn(cacheKey, playlist);
                playlist.likelyNext(properties.segmentsAhead())
                        .forEach(segment -> offer(new Target(segment, Trigger.HLS, cacheKey)));
            }
        }
    }

    private boolean applies(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private void offer(Target target) {
        long now = clock.millis();
        synchronized (this) {
            Long until = recent.get(target.url());
            if (until != null && until > now) {
                metrics.skipped(target.trigger().label(), "recent");
                return;
            }
            if (!pending.add(target.url())) {
                metrics.skipped(target.trigger().label(), "duplicate");
                return;
            }
            if (queue.size() >= properties.queueCapacity()) {
                pending.remove(target.url());
                metrics.skipped(target.trigger().label(), "dropped");
                return;
            }
            queue.add(target);
        }
        drain();
    }

    private void drain() {
        List<Target> starting = new ArrayList<>();
        synchronized (this) {
            while (running < properties.concurrency() && !queue.isEmpty()) {
                running++;
                starting.add(queue.poll());
            }
        }
        starting.forEach(this::fetch);
    }

    private void fetch(Target target) {
        Mono<WarmVerdict> fetched = target.trigger() == Trigger.PLAYLIST ? read(target) : ask(target);
        fetched.onErrorResume(e -> Mono.just(WarmVerdict.failed(e.toString())))
                .defaultIfEmpty(WarmVerdict.failed("no answer"))
                .subscribe(verdict -> {
                    metrics.fetched(target.trigger().label(), verdict.outcome().wireName());
                    if (verdict.outcome() == WarmVerdict.Outcome.FAILED) {
                        log.debug("prefetch of {} failed: {}", target.url(), verdict.why());
                    }
                    done(target);
                }, error -> done(target));
    }

    private void done(Target target) {
        synchronized (this) {
            running--;
            pending.remove(target.url());
            recent.put(target.url(), clock.millis() + properties.remember().toMillis());
            if (recent.size() > properties.queueCapacity() * 16) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
        drain();
    }

    /** A HEAD of the target through {@code via}: filled by its owner, nothing comes back but the head. */
    private Mono<WarmVerdict> ask(Target target) {
        URI url = URI.create(target.url());
        String marker = target.playlist() == null ? AheadOfClients.PRELOAD
                : AheadOfClients.PLAYLIST_PARAMETER + target.playlist();
        return http.headers(h -> AheadOfClients.fields(url, marker, h::set)).head()
                .uri(AheadOfClients.target(via.get(), url))
                .responseSingle((response, body) -> body.then(Mono.fromSupplier(() ->
                        WarmVerdict.of(response.status().code(), joined(response.responseHeaders()), null))));
    }

    /** A GET of a playlist through {@code via}, read into the index. */
    private Mono<WarmVerdict> read(Target target) {
        URI url = URI.create(target.url());
        int max = (int) properties.maxPlaylistSize().toBytes();
        return http.headers(h -> AheadOfClients.fields(url, AheadOfClients.PRELOAD, h::set)).get()
                .uri(AheadOfClients.target(via.get(), url))
                .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> {
                    if (response.status().code() != 200 || bytes.length > max) {
                        return WarmVerdict.failed("playlist answered " + response.status().code() + " with "
                                + bytes.length + " bytes");
                    }
                    HlsPlaylist playlist = HlsPlaylist.parse(new String(bytes, StandardCharsets.UTF_8), url);
                    if (playlist == null || playlist.master()) {
                        return WarmVerdict.failed("not a media playlist");
                    }
                    playlists.learn(target.url(), playlist);
                    return WarmVerdict.warmed("read");
                }));
    }

    private static String joined(HttpHeaders headers) {
        return String.join(", ", headers.getAll("Cache-Status"));
    }

    private boolean isPlaylist(URI url, StoredResponse response) {
        String encoding = response.headers().get("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            return false;
        }
        String type = response.headers().get("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return PLAYLIST_TYPES.contains(mediaType)
                || (url.getRawPath() != null && url.getRawPath().toLowerCase(Locale.ROOT).endsWith(".m3u8"));
    }

    private String text(StoredResponse response) {
        long length = response.body().length();
        if (length <= 0 || length > properties.maxPlaylistSize().toBytes()) {
            return null;
        }
        byte[] bytes = new byte[(int) length];
        return response.body().copyTo(0, bytes, 0, bytes.length) ? new String(bytes, StandardCharsets.UTF_8) : null;
    }

    private static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getRawAuthority() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getRawAuthority().equalsIgnoreCase(b.getRawAuthority());
    }

    /** Closes the connections to {@code via}; closed with the node's context. */
    @Override
    public void close() {
        connections.dispose();
    }

    /** Targets waiting. */
    synchronized int queued() {
        return queue.size();
    }
}
