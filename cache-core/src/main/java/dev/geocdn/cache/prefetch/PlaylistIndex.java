package dev.geocdn.cache.prefetch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HLS playlists a node has read, so that a request for one segment can name the segments
 * that follow it; and hints, segment to playlist, for segments whose playlist the node has not
 * read yet.
 *
 * <p>Why hints: within a region each URL has its own owner node, so the segments of one
 * playlist are spread over the nodes and the node that read the playlist rarely serves its
 * segments. A node that prefetches a segment says which playlist it came from; the segment's
 * owner then reads that playlist itself (through the CDN, so from cache) and carries the chain
 * on when a client asks for the segment.
 *
 * <p>Bounded: at most {@code maxPlaylists} playlists and {@code maxSegments} segments in all
 * (the least recently read playlists go first), and {@code maxHints} hints. Lookups by segment
 * take no lock (the hit path asks); changes are serialized. Thread-safe.
 */
public final class PlaylistIndex {

    /** Where a segment sits: its playlist and its position there. */
    private record Position(String playlistUrl, HlsPlaylist playlist, int index) {
    }

    private final int maxPlaylists;
    private final int maxSegments;
    private final int maxHints;
    private final Map<String, Position> segments = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, HlsPlaylist> playlists = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, String> hints = new LinkedHashMap<>(16, 0.75f, true);
    private volatile boolean empty = true;

    public PlaylistIndex(int maxPlaylists, int maxSegments, int maxHints) {
        this.maxPlaylists = maxPlaylists;
        this.maxSegments = maxSegments;
        this.maxHints = maxHints;
    }

    /** Whether nothing is known: the hit path's test before it looks anything up. */
    public boolean isEmpty() {
        return empty;
    }

    /** Records {@code playlist} (a media playlist) read at {@code url}, replacing what it listed before. */
    public synchronized void learn(String url, HlsPlaylist playlist) {
        if (playlist.master() || playlist.segments().size() > maxSegments) {
            return;
        }
        forget(url);
        playlists.put(url, playlist);
        List<String> list = playlist.segments();
        for (int i = 0; i < list.size(); i++) {
            segments.put(list.get(i), new Position(url, playlist, i));
            hints.remove(list.get(i));
        }
        Iterator<Map.Entry<String, HlsPlaylist>> oldest = playlists.entrySet().iterator();
        while ((playlists.size() > maxPlaylists || segments.size() > maxSegments) && oldest.hasNext()) {
            Map.Entry<String, HlsPlaylist> entry = oldest.next();
            if (entry.getKey().equals(url)) {
                break;
            }
            oldest.remove();
            removeSegments(entry.getKey(), entry.getValue());
        }
        empty = false;
    }

    private void forget(String url) {
        HlsPlaylist previous = playlists.remove(url);
        if (previous != null) {
            removeSegments(url, previous);
        }
    }

    private void removeSegments(String url, HlsPlaylist playlist) {
        for (String segment : playlist.segments()) {
            segments.computeIfPresent(segment, (k, p) -> p.playlistUrl().equals(url) ? null : p);
        }
    }

    /** Up to {@code n} segments after {@code segment} in the playlist that lists it; empty when none does. */
    public List<String> next(String segment, int n) {
        Position at = segments.get(segment);
        return at == null ? List.of() : at.playlist().after(at.index(), n);
    }

    /** Whether {@code segment} is listed by a playlist read here. */
    public boolean knows(String segment) {
        return segments.containsKey(segment);
    }

    /** Notes that {@code segment} belongs to the playlist at {@code playlistUrl}. */
    public synchronized void hint(String segment, String playlistUrl) {
        if (segments.containsKey(segment)) {
            return;
        }
        hints.put(segment, playlistUrl);
        Iterator<String> oldest = hints.keySet().iterator();
        while (hints.size() > maxHints && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        empty = false;
    }

    /** The playlist a hint names for {@code segment}, when it has not been read here yet. */
    public synchronized Optional<String> unreadPlaylistOf(String segment) {
        if (segments.containsKey(segment)) {
            return Optional.empty();
        }
        String playlist = hints.get(segment);
        return playlist == null || playlists.containsKey(playlist) ? Optional.empty() : Optional.of(playlist);
    }

    /** The playlist that lists {@code segment}, read here, or empty. */
    public Optional<String> playlistOf(String segment) {
        Position at = segments.get(segment);
        return at == null ? Optional.empty() : Optional.of(at.playlistUrl());
    }
}
