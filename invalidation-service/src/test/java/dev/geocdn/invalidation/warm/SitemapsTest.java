package dev.geocdn.invalidation.warm;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SitemapsTest {

    private static final long MAX = 1 << 20;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aUrlsetListsPages() {
        Sitemaps.Sitemap sitemap = Sitemaps.read(utf8("""
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>https://cdn.example.com/</loc><lastmod>2026-12-01</lastmod></url>
                  <url><loc>
                      https://cdn.example.com/a?x=1&amp;y=2
                  </loc><priority>0.8</priority></url>
                </urlset>"""), MAX);

        assertThat(sitemap.pages()).containsExactly("https://cdn.example.com/", "https://cdn.example.com/a?x=1&y=2");
        assertThat(sitemap.sitemaps()).isEmpty();
    }

    @Test
    void anIndexListsSitemaps_withOrWithoutTheNamespace() {
        Sitemaps.Sitemap index = Sitemaps.read(utf8("""
                <sitemapindex><sitemap><loc>https://cdn.example.com/s1.xml</loc></sitemap>
                <sitemap><loc>https://cdn.example.com/s2.xml.gz</loc></sitemap></sitemapindex>"""), MAX);

        assertThat(index.sitemaps()).containsExactly("https://cdn.example.com/s1.xml", "https://cdn.example.com/s2.xml.gz");
        assertThat(index.pages()).isEmpty();
    }

    @Test
    void aGzippedSitemapIsRecognisedByItsBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(utf8("<urlset><url><loc>https://cdn.example.com/z</loc></url></urlset>"));
        }

        assertThat(Sitemaps.read(bytes.toByteArray(), MAX).pages()).containsExactly("https://cdn.example.com/z");
    }

    @Test
    void externalEntitiesAreNeverResolved(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");
        byte[] xxe = utf8("<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<urlset><url><loc>https://cdn.example.com/&s;</loc></url></urlset>");

        assertThatThrownBy(() -> Sitemaps.read(xxe, MAX)).isInstanceOf(Sitemaps.UnreadableSitemapException.class)
                .hasMessageNotContaining("root:x");
    }

    @Test
    void aGzipBombStopsAtTheLimit() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(utf8("<urlset>"));
            byte[] spaces = new byte[64 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
        }
        assertThat(bytes.size()).isLessThan(64 * 1024);

        assertThatThrownBy(() -> Sitemaps.read(bytes.toByteArray(), MAX))
                .isInstanceOf(Sitemaps.UnreadableSitemapException.class)
                .hasMessageContaining("larger than " + MAX + " bytes uncompressed");
    }

    @Test
    void whatIsNotASitemapIsRefusedWithWhy() {
        assertThatThrownBy(() -> Sitemaps.read(utf8("<html><body>hi</body></html>"), MAX))
                .hasMessage("a sitemap's root element is urlset or sitemapindex, not html");
        assertThatThrownBy(() -> Sitemaps.read(utf8("<urlset><url>"), MAX))
                .isInstanceOf(Sitemaps.UnreadableSitemapException.class)
                .hasMessageStartingWith("not a well-formed XML sitemap");
        assertThatThrownBy(() -> Sitemaps.read(new byte[0], MAX))
                .isInstanceOf(Sitemaps.UnreadableSitemapException.class);
    }
}
