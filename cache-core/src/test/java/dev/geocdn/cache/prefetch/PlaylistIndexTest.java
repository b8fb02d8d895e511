package dev.geocdn.cache.prefetch;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlaylistIndexTest {

    private static HlsPlaylist playlist(String name, int from, int to) {
        List<String> segments = new ArrayList<>();
        for (int i = from; i < to; i++) {
            segments.add("https://cdn.example.com/" + name + "/s" + i + ".ts");
        }
        return new HlsPlaylist(segments, false, false);
    }

    private static String segment(String name, int i) {
        return "https://cdn.example.com/" + name + "/s" + i + ".ts";
    }

    @Test
    void aSegment_namesTheOnesAfterIt() {
        PlaylistIndex index = new PlaylistIndex(10, 1000, 100);
        assertThat(index.isEmpty()).isTrue();

        index.learn("https://cdn.example.com/a/index.m3u8", playlist("a", 0, 10));

        assertThat(index.isEmpty()).isFalse();
        assertThat(index.next(segment("a", 3), 2)).containsExactly(segment("a", 4), segment("a", 5));
        assertThat(index.next(segment("a", 9), 2)).isEmpty();
        assertThat(index.next("https://cdn.example.com/unknown.ts", 2)).isEmpty();
        assertThat(index.playlistOf(segment("a", 3))).hasValue("https://cdn.example.com/a/index.m3u8");
    }

    @Test
    void aLivePlaylistReadAgain_replacesWhatItListed() {
        PlaylistIndex index = new PlaylistIndex(10, 1000, 100);
        index.learn("https://cdn.example.com/live/index.m3u8", playlist("live", 0, 5));
        index.learn("https://cdn.example.com/live/index.m3u8", playlist("live", 3, 8));

        assertThat(index.knows(segment("live", 1))).isFalse();
        assertThat(index.next(segment("live", 4), 3)).containsExactly(segment("live", 5), segment("live", 6),
                segment("live", 7));
    }

    @Test
    void theLeastRecentlyReadPlaylistsGo_whenPlaylistsOrSegmentsAreTooMany() {
        PlaylistIndex index = new PlaylistIndex(2, 25, 100);
        index.learn("https://cdn.example.com/a/i.m3u8", playlist("a", 0, 10));
        index.learn("https://cdn.example.com/b/i.m3u8", playlist("b", 0, 10));
        index.learn("https://cdn.example.com/c/i.m3u8", playlist("c", 0, 10));

        assertThat(index.knows(segment("a", 0))).isFalse();
        assertThat(index.knows(segment("b", 0))).isTrue();
        assertThat(index.knows(segment("c", 0))).isTrue();

        index.learn("https://cdn.example.com/d/i.m3u8", playlist("d", 0, 20));
        assertThat(index.knows(segment("c", 0))).isFalse();
        assertThat(index.knows(segment("d", 19))).isTrue();
    }

    @Test
    void aHint_namesAPlaylistToRead_untilItIsRead() {
        PlaylistIndex index = new PlaylistIndex(10, 1000, 2);
        String playlistUrl = "https://cdn.example.com/a/index.m3u8";
        index.hint(segment("a", 3), playlistUrl);

        assertThat(index.unreadPlaylistOf(segment("a", 3))).hasValue(playlistUrl);

        index.learn(playlistUrl, HlsPlaylist.parse("#EXTM3U\ns3.ts\ns4.ts\n", URI.create(playlistUrl)));
        assertThat(index.unreadPlaylistOf(segment("a", 3))).isEmpty();
        assertThat(index.next(segment("a", 3), 1)).containsExactly(segment("a", 4));

        index.hint(segment("x", 1), "https://cdn.example.com/x/i.m3u8");
        index.hint(segment("y", 1), "https://cdn.example.com/y/i.m3u8");
        index.hint(segment("z", 1), "https://cdn.example.com/z/i.m3u8");
        assertThat(index.unreadPlaylistOf(segment("x", 1))).as("the oldest hint is dropped").isEmpty();
        assertThat(index.unreadPlaylistOf(segment("z", 1))).isPresent();
    }
}
