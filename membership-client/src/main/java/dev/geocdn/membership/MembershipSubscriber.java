package dev.geocdn.membership;

import dev.geocdn.protocol.topology.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

import java.net.URI;
import java.time.Duration;

/**
 * Keeps a {@link MembershipView} live: subscribes to the health service's membership stream
 * ({@code GET /v1/membership/stream}, server-sent events) and takes each newer snapshot. When the
 * health service is unreachable or the stream ends, it reconnects with backoff (200 ms doubling
 * to 5 s) and the view keeps the last snapshot it had: a gateway keeps routing by it, with its
 * own circuit breakers, and the invalidation service keeps waiting for the nodes it names.
 * Losing the health service never stops traffic or purges.
 */
public final class MembershipSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MembershipSubscriber.class);
    private static final ParameterizedTypeReference<ServerSentEvent<Membership>> EVENT = new ParameterizedTypeReference<>() {
    };

    private final Disposable subscription;

    public MembershipSubscriber(WebClient.Builder builder, URI healthService, MembershipView view) {
        WebClient client = builder.baseUrl(healthService.toString()).build();
        this.subscription = client.get().uri("/v1/membership/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(EVENT)
                .filter(event -> event.data() != null)
                .map(ServerSentEvent::data)
                .doOnNext(m -> {
                    if (view.update(m)) {
                        log.debug("membership {} from {}", m.version(), healthService);
                    }
                })
                .repeat()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(s -> log.debug("membership stream from {} lost: {}", healthService,
                                s.failure().toString())))
                .subscribe();
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
