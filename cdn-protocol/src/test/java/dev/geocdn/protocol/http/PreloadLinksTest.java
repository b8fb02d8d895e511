package dev.geocdn.protocol.http;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8288 Link fields, and which of their targets a node may fetch ahead. */
class PreloadLinksTest {

    private static final URI PAGE = URI.create("https://cdn.example.com/shop/index.html?x=1");

    @Test
    void preloadTargets_resolvedAgainstThePage_sameOriginOnly_inOrder() {
        String field = "</shop/app.js>; rel=preload; as=script, <hero.png?w=800#top>; rel=\"preload\"; as=image, "
                + "<https://cdn.example.com/font.woff2>; rel=preload; as=font; crossorigin, "
                + "<https://other.example/x.js>; rel=preload, <//other.example/y.js>; rel=preload, "
                + "<http://cdn.example.com/insecure.js>; rel=preload";

        assertThat(PreloadLinks.targets(field, PAGE, 16)).containsExactly(
                URI.create("https://cdn.example.com/shop/app.js"),
                URI.create("https://cdn.example.com/shop/hero.png?w=800"),
                URI.create("https://cdn.example.com/font.woff2"));
    }

    @Test
    void otherRelations_areNotFollowed_butPreloadAmongSeveralIs() {
        String field = "</a.css>; rel=stylesheet, </b.js>; rel=prefetch, </c.js>; rel=\"modulepreload\", "
                + "</d.js>; rel=\"preconnect preload\", </e.js>; as=script; rel=preload; rel=stylesheet, </f.js>";

        assertThat(PreloadLinks.targets(field, PAGE, 16)).containsExactly(URI.create("https://cdn.example.com/d.js"),
                URI.create("https://cdn.example.com/e.js"));
    }

    @Test
    void commasInsideReferencesAndQuotedStrings_doNotSplitMembers() {
        String field = "</a,b.js>; rel=preload; title=\"x, y\", </c.js>; rel=preload";

        assertThat(PreloadLinks.targets(field, PAGE, 16)).containsExactly(URI.create("https://cdn.example.com/a,b.js"),
                URI.create("https://cdn.example.com/c.js"));
    }

    @Test
    void malformedMembersAreSkipped_duplicatesDropped_andTheCountBounded() {
        String field = "garbage, <>; rel=preload, </ok.js>; rel=preload, </ok.js>; rel=preload, </2.js>; rel=preload, "
                + "</3.js>; rel=preload, <:::>; rel=preload";

        assertThat(PreloadLinks.targets(field, PAGE, 2)).hasSize(2).doesNotHaveDuplicates();
        assertThat(PreloadLinks.targets(null, PAGE, 16)).isEmpty();
        assertThat(PreloadLinks.targets("  ", PAGE, 16)).isEmpty();
    }
}
