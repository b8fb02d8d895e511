package dev.geocdn.health.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * The operator dashboard over HTTP, on the service's port:
 * <ul>
 *   <li>{@code GET /}: the page (HTML, with {@code /dashboard.css} and {@code /dashboard.js}
 *       beside it: no build step, nothing from another origin, as the page's
 *       Content-Security-Policy says);</li>
 *   <li>{@code GET /v1/dashboard}: one {@link DashboardView} as JSON;</li>
 *   <li>{@code GET /v1/dashboard/stream}: server-sent events, a snapshot at once and then
 *       every scrape interval (event {@code dashboard}), with a comment every 15 s for streams
 *       whose interval is longer than an idle proxy waits.</li>
 * </ul>
 * The files are served from {@code geocdn-dashboard/} on the classpath, not from
 * {@code static/}, so that only the health service serves them even where several GeoCDN
 * services share one classpath (the local world).
 */
@RestController
public class DashboardController {

    /** How often an otherwise idle stream carries a keep-alive comment. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** What the browser waits before reconnecting a lost stream. */
    static final Duration RECONNECT = Duration.ofSeconds(1);
    /** The page loads nothing but its own files and talks to nothing but its own origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Dashboard dashboard;
    private final Duration interval;

    public DashboardController(Dashboard dashboard, DashboardProperties properties) {
        this.dashboard = dashboard;
        this.interval = properties.scrapeInterval();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<Resource> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(file("index.html"));
    }

    @GetMapping(path = "/dashboard.css", produces = "text/css")
    public ResponseEntity<Resource> css() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).header("X-Content-Type-Options", "nosniff")
                .contentType(MediaType.parseMediaType("text/css;charset=UTF-8")).body(file("dashboard.css"));
    }

    @GetMapping(path = "/dashboard.js", produces = "text/javascript")
    public ResponseEntity<Resource> script() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).header("X-Content-Type-Options", "nosniff")
                .contentType(MediaType.parseMediaType("text/javascript;charset=UTF-8")).body(file("dashboard.js"));
    }

    private static Resource file(String name) {
        return new ClassPathResource("geocdn-dashboard/" + name);
    }

    @GetMapping(path = "/v1/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    public DashboardView snapshot() {
        return dashboard.snapshot();
    }

    @GetMapping(path = "/v1/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<DashboardView>> stream() {
        Flux<ServerSentEvent<DashboardView>> snapshots = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .map(tick -> dashboard.snapshot())
                .map(view -> ServerSentEvent.builder(view).id(Long.toString(view.at().toEpochMilli()))
                        .event("dashboard").retry(RECONNECT).build());
        Flux<ServerSentEvent<DashboardView>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(i -> ServerSentEvent.<DashboardView>builder().comment("keep-alive").build());
        return Flux.merge(snapshots, keepAlive);
    }
}
