package dev.geocdn.health.api;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.protocol.topology.Membership;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * Membership for operators and gateways.
 * <ul>
 *   <li>{@code GET /v1/regions}: the current snapshot (regions, nodes, state, reason, since).</li>
 *   <li>{@code GET /v1/membership/stream}: server-sent events, the current snapshot at once and
 *       every new one after it, with a comment every 15 s so that idle proxies keep the stream
 *       open. Gateways subscribe here (push, not polling: a change reaches them in one RTT).</li>
 * </ul>
 */
@RestController
public class RegionsController {

    /** How often an idle stream carries a keep-alive comment. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final HealthBook book;

    public RegionsController(HealthBook book) {
        this.book = book;
    }

    @GetMapping(path = "/v1/regions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Membership regions() {
        return book.current();
    }

    @GetMapping(path = "/v1/membership/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Membership>> stream() {
        Flux<ServerSentEvent<Membership>> snapshots = book.stream()
                .map(m -> ServerSentEvent.builder(m).id(Long.toString(m.version())).event("membership").build());
        Flux<ServerSentEvent<Membership>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(i -> ServerSentEvent.<Membership>builder().comment("keep-alive").build());
        return Flux.merge(snapshots, keepAlive);
    }
}
