package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.audit.PurgeAudit;
import dev.geocdn.invalidation.auth.AuthVerdict;
import dev.geocdn.invalidation.auth.BearerTokens;
import dev.geocdn.invalidation.auth.Caller;
import dev.geocdn.invalidation.auth.Scope;
import dev.geocdn.invalidation.intake.IntakeException;
import dev.geocdn.invalidation.intake.PurgeRequestReader;
import dev.geocdn.invalidation.intake.PurgeValidator;
import dev.geocdn.invalidation.limits.PurgeRateLimits;
import dev.geocdn.invalidation.progress.PurgeTracker;
import dev.geocdn.invalidation.progress.TrackedPurge;
import dev.geocdn.invalidation.purge.Outcome;
import dev.geocdn.invalidation.purge.PurgeOrder;
import dev.geocdn.invalidation.purge.PurgeService;
import dev.geocdn.protocol.hlc.HlcTime;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import static dev.geocdn.invalidation.api.Requests.NO_HEADERS;
import static dev.geocdn.invalidation.api.Requests.body;
import static dev.geocdn.invalidation.api.Requests.error;
import static dev.geocdn.invalidation.api.Requests.isJson;
import static dev.geocdn.invalidation.api.Requests.methodNotAllowed;
import static dev.geocdn.invalidation.api.Requests.notJson;
import static dev.geocdn.invalidation.api.Requests.refusal;
import static dev.geocdn.invalidation.api.Requests.tooLarge;

/**
 * The purge API over WebFlux functional endpoints: {@code POST /v1/purge} and
 * {@code GET /v1/purge/{id}}. It only translates: HTTP in, a decision of the auth, limits,
 * intake or purge packages, HTTP out.
 *
 * <p>A {@code POST} is checked in the order that costs least first, and refused at the first
 * failure, before anything is written: bearer token (401, 403; RFC 6750 §3), rate limit of the
 * token (429 with {@code Retry-After}; RFC 6585 §4), content type (415 with {@code Accept};
 * RFC 9110 §15.5.16), size (413; RFC 9110 §15.5.14: the declared {@code Content-Length} before
 * reading, then the bytes read, for chunked bodies), JSON and validation (400, 413). Every
 * error is a JSON {@link Answers.ErrorAnswer}, never a stack trace. Every purge request, refused
 * or not, leaves one audit line.
 */
public final class PurgeHandler {

    private static final String SPLIT = "(cdn.invalidation.limits.max-body-size): split the purge";

    private final BearerTokens tokens;
    private final PurgeRateLimits limits;
    private final PurgeRequestReader reader;
    private final PurgeValidator validator;
    private final PurgeService service;
    private final PurgeTracker tracker;
    private final PurgeAudit audit;
    private final Clock clock;
    private final int maxBodyBytes;
    private final Duration retryAfter;

    /**
     * @param maxBodyBytes the largest body read
     * @param retryAfter   the {@code Retry-After} of a 503
     */
    public PurgeHandler(BearerTokens tokens, PurgeRateLimits limits, PurgeRequestReader reader,
                        PurgeValidator validator, PurgeService service, PurgeTracker tracker, PurgeAudit audit,
                        Clock clock, int maxBodyBytes, Duration retryAfter) {
        this.tokens = tokens;
        this.limits = limits;
        this.reader = reader;
        this.validator = validator;
        this.service = service;
        this.tracker = tracker;
        this.audit = audit;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.retryAfter = retryAfter;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/v1/purge", this::purge)
                .GET("/v1/purge/{id}", this::progress)
                .route(RequestPredicates.path("/v1/purge"), request -> methodNotAllowed(request, "POST"))
                .route(RequestPredicates.path("/v1/purge/{id}"), request -> methodNotAllowed(request, "GET"))
                .build();
    }

    Mono<ServerResponse> purge(ServerRequest request) {
        Instant received = clock.instant();
        String from = request.remoteAddress().map(InetSocketAddress::getHostString).orElse("-");
        AuthVerdict verdict = tokens.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), Scope.PURGE);
        if (!(verdict instanceof AuthVerdict.Allowed allowed)) {
            Requests.Refusal refusal = refusal(verdict);
            audit.refused(refusal.by(), from, null, "refused", refusal.status().value(), refusal.message());
            return refusal.answer(request);
        }
        Caller caller = allowed.caller();
        Optional<Duration> wait = limits.acquire(caller.name());
        if (wait.isPresent()) {
            long seconds = (wait.get().toMillis() + 999) / 1000;
            return refuse(request, caller, from, HttpStatus.TOO_MANY_REQUESTS, "token '" + caller.name()
                    + "' is over its purge rate limit; retry in " + seconds + " s",
                    h -> h.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        }
        Optional<MediaType> type = request.headers().contentType();
        if (type.isEmpty() || !isJson(type.get())) {
            return refuse(request, caller, from, HttpStatus.UNSUPPORTED_MEDIA_TYPE, notJson("a purge", request),
                    h -> h.setAccept(List.of(MediaType.APPLICATION_JSON)));
        }
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBodyBytes) {
            return refuse(request, caller, from, HttpStatus.CONTENT_TOO_LARGE, tooLarge(length, maxBodyBytes, SPLIT), NO_HEADERS);
        }
        return body(request, maxBodyBytes, SPLIT)
                .map(bytes -> validator.validate(reader.read(bytes)))
                .flatMap(order -> service.submit(caller, order, received)
                        .flatMap(outcome -> answer(request, caller, from, order, outcome, received)))
                .onErrorResume(IntakeException.class, e -> refuse(request, caller, from,
                        HttpStatus.valueOf(e.kind().status()), e.getMessage(), NO_HEADERS));
    }

    Mono<ServerResponse> progress(ServerRequest request) {
        AuthVerdict verdict = tokens.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!(verdict instanceof AuthVerdict.Allowed)) {
            Requests.Refusal refusal = refusal(verdict);
            return refusal.answer(request);
        }
        String id = request.pathVariable("id");
        Optional<TrackedPurge> purge = tracker.find(id);
        if (purge.isEmpty()) {
            return error(request, HttpStatus.NOT_FOUND, "no purge '" + id + "' among the last " + tracker.capacity()
                    + " purges this instance keeps (cdn.invalidation.history.size)", NO_HEADERS);
        }
        TrackedPurge p = purge.get();
        long elapsed = Math.max(0, clock.millis() - p.acceptedAt().toEpochMilli());
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Answers.progress(p, tracker.progress(p), elapsed));
    }

    private Mono<ServerResponse> answer(ServerRequest request, Caller caller, String from, PurgeOrder order,
                                        Outcome outcome, Instant received) {
        long elapsed = Math.max(0, clock.millis() - received.toEpochMilli());
        String consistency = order.consistency().wireName();
        return switch (outcome) {
            case Outcome.Accepted a -> {
                record(caller, order, a.purge(), outcome, HttpStatus.ACCEPTED, elapsed, "");
                yield ServerResponse.accepted().location(URI.create(Answers.progressPath(a.purge().id())))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Answers.accepted(a.purge()));
            }
            case Outcome.Applied a -> {
                record(caller, order, a.purge(), outcome, HttpStatus.OK, elapsed,
                        "applied=" + a.progress().appliedCount() + "/" + a.progress().requiredCount());
                yield ServerResponse.ok().location(URI.create(Answers.progressPath(a.purge().id())))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Answers.strong(a.purge(), a.progress(), elapsed, null));
            }
            case Outcome.Incomplete i -> {
                record(caller, order, i.purge(), outcome, HttpStatus.GATEWAY_TIMEOUT, elapsed,
                        "missing=" + String.join(",", i.progress().missing()));
                yield ServerResponse.status(HttpStatus.GATEWAY_TIMEOUT)
                        .location(URI.create(Answers.progressPath(i.purge().id())))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Answers.strong(i.purge(), i.progress(), elapsed, "not every live node acknowledged"
                                + " the purge within " + elapsed + " ms; it is on the purge log, and the missing nodes"
                                + " apply it when they catch up: follow " + Answers.progressPath(i.purge().id())));
            }
            case Outcome.Unavailable u -> {
                audit.refused(caller.name(), from, consistency, outcome.name(), 503, u.message());
                yield error(request, HttpStatus.SERVICE_UNAVAILABLE, u.message(),
                        h -> h.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))));
            }
            case Outcome.TooLarge t -> {
                audit.refused(caller.name(), from, consistency, outcome.name(), 413, t.message());
                yield error(request, HttpStatus.CONTENT_TOO_LARGE, t.message(), NO_HEADERS);
            }
        };
    }

    private void record(Caller caller, PurgeOrder order, TrackedPurge purge, Outcome outcome, HttpStatus status,
                        long elapsedMs, String detail) {
        audit.purge(caller.name(), new PurgeAudit.Purge(purge.id(), HlcTime.format(purge.hlc()),
                        order.consistency().wireName(), order.soft(), order.urls(), order.prefixes(), order.surrogateKeys()),
                outcome.name(), status.value(), Duration.ofMillis(elapsedMs), detail);
    }

    private Mono<ServerResponse> refuse(ServerRequest request, Caller caller, String from, HttpStatus status,
                                        String message, Consumer<HttpHeaders> headers) {
        audit.refused(caller.name(), from, null, "refused", status.value(), message);
        return error(request, status, message, headers);
    }
}
