package dev.geocdn.cache.prefetch;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8216: what a node reads of a playlist. */
class HlsPlaylistTest {

    private static final URI URL = URI.create("https://cdn.example.com/vod/movie/720p/index.m3u8");

    @Test
    void aMediaPlaylist_listsItsSegmentsInOrder_resolved() {
        HlsPlaylist playlist = HlsPlaylist.parse("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:6
                #EXTINF:6.0,
                seg0.ts

                #EXTINF:6.0,
                /vod/movie/720p/seg1.ts?token=a
                #EXTINF:4.0,
                https://cdn.example.com/vod/movie/720p/seg2.ts
                #EXT-X-ENDLIST
                """, URL);

        assertThat(playlist.segments()).containsExactly("https://cdn.example.com/vod/movie/720p/seg0.ts",
                "https://cdn.example.com/vod/movie/720p/seg1.ts?token=a",
                "https://cdn.example.com/vod/movie/720p/seg2.ts");
        assertThat(playlist.ended()).isTrue();
        assertThat(playlist.master()).isFalse();
        assertThat(playlist.after(0, 5)).containsExactly(playlist.segments().get(1), playlist.segments().get(2));
        assertThat(playlist.after(2, 5)).isEmpty();
    }

    @Test
    void aCompleteList_startsAtItsBeginning_aLiveOne_atItsEnd() {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
        for (int i = 100; i < 106; i++) {
            text.append("#EXTINF:2.0,\nlive").append(i).append(".ts\n");
        }
        HlsPlaylist live = HlsPlaylist.parse(text.toString(), URL);
        HlsPlaylist vod = HlsPlaylist.parse(text + "#EXT-X-ENDLIST\n", URL);

        assertThat(live.ended()).isFalse();
        assertThat(live.likelyNext(2)).containsExactly(live.segments().get(4), live.segments().get(5));
        assertThat(vod.likelyNext(2)).containsExactly(vod.segments().get(0), vod.segments().get(1));
        assertThat(vod.likelyNext(10)).hasSize(6);
    }

    @Test
    void aMasterPlaylist_listsNoSegments_andWhatIsNotAPlaylistIsNull() {
        HlsPlaylist master = HlsPlaylist.parse("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1280000,RESOLUTION=1280x720
                720p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2560000,RESOLUTION=1920x1080
                1080p/index.m3u8
                """, URL);

        assertThat(master.master()).isTrue();
        assertThat(master.segments()).isEmpty();
        assertThat(HlsPlaylist.parse("<html>not a playlist</html>", URL)).isNull();
        assertThat(HlsPlaylist.parse("", URL)).isNull();
        assertThat(HlsPlaylist.parse("\uFEFF#EXTM3U\nseg.ts\n", URL).segments()).hasSize(1);
    }
}
