package dev.geocdn.cache.prefetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An HLS playlist (RFC 8216) as far as prefetching needs it: the media segments of a media
 * playlist in order, whether the list is complete ({@code #EXT-X-ENDLIST}: video on demand) or
 * still growing (live), and whether it is a master playlist, which lists renditions rather than
 * segments.
 *
 * <p>RFC 8216 section 4.1: a playlist starts with {@code #EXTM3U}; every line that is neither
 * blank nor starts with {@code #} is a URI, of a segment in a media playlist (section 4.3.2) or
 * of a rendition after {@code #EXT-X-STREAM-INF} in a master playlist (section 4.3.4.2).
 * Relative URIs are resolved against the playlist's URL. Pure.
 *
 * @param segments the media segments, absolute, in playlist order (empty for a master playlist)
 * @param ended    whether {@code #EXT-X-ENDLIST} closes the list
 * @param master   whether this is a master playlist
 */
public record HlsPlaylist(List<String> segments, boolean ended, boolean master) {

    public HlsPlaylist {
        segments = List.copyOf(segments);
    }

    /** The playlist in {@code text} served at {@code url}, or null when it is not an HLS playlist. */
    public static HlsPlaylist parse(String text, URI url) {
        List<String> lines = text.lines().map(String::strip).toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isEmpty()) {
            first++;
        }
        if (first >= lines.size() || !lines.get(first).replace("\uFEFF", "").equals("#EXTM3U")) {
            return null;
        }
        List<String> uris = new ArrayList<>();
        boolean ended = false;
        boolean master = false;
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                ended |= line.equals("#EXT-X-ENDLIST");
                master |= line.startsWith("#EXT-X-STREAM-INF");
                continue;
            }
            try {
                URI resolved = url.resolve(line);
                if (resolved.isAbsolute()) {
                    uris.add(resolved.toString());
                }
            } catch (IllegalArgumentException e) {
                // not a URI: skipped, as players skip what they cannot load
            }
        }
        return new HlsPlaylist(master ? List.of() : uris, ended, master);
    }

    /** Up to {@code n} segments after the one at {@code index}. */
    public List<String> after(int index, int n) {
        return index < 0 || index >= segments.size() ? List.of()
                : segments.subList(index + 1, Math.min(segments.size(), index + 1 + n));
    }

    /**
     * The segments worth fetching as soon as the playlist is read: the first {@code n} of a
     * complete list (players start at the beginning), the last {@code n} of a live one (players
     * join near its end, RFC 8216 section 6.3.3).
     */
    public List<String> likelyNext(int n) {
        if (segments.size() <= n) {
            return segments;
        }
        return ended ? segments.subList(0, n) : segments.subList(segments.size() - n, segments.size());
    }
}
