package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.auth.AuthVerdict;
import dev.geocdn.invalidation.auth.BearerTokens;
import dev.geocdn.invalidation.auth.Scope;
import dev.geocdn.invalidation.intake.IntakeException;
import dev.geocdn.invalidation.intake.StrictJson;
import dev.geocdn.invalidation.warm.WarmJob;
import dev.geocdn.invalidation.warm.WarmJobs;
import dev.geocdn.invalidation.warm.WarmRequest;
import dev.geocdn.invalidation.warm.WarmValidator;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import static dev.geocdn.invalidation.api.Requests.NO_HEADERS;
import static dev.geocdn.invalidation.api.Requests.body;
import static dev.geocdn.invalidation.api.Requests.error;
import static dev.geocdn.invalidation.api.Requests.isJson;
import static dev.geocdn.invalidation.api.Requests.methodNotAllowed;
import static dev.geocdn.invalidation.api.Requests.notJson;
import static dev.geocdn.invalidation.api.Requests.refusal;
import static dev.geocdn.invalidation.api.Requests.tooLarge;

/**
 * The warming API: {@code POST /v1/warm} starts a job and answers 202 with its id and
 * {@code Location}; {@code GET /v1/warm/{id}} shows its progress per region. Tokens need the
 * {@code warm} scope to start a job, {@code read} (or any) to follow one. Refusals are the purge
 * API's: 401, 403, 415, 413, 400, as JSON, before anything starts.
 */
public final class WarmHandler {

    private static final Logger log = LoggerFactory.getLogger(WarmHandler.class);
    private static final String SPLIT = "(cdn.invalidation.warm.max-body-size): split the job, or list the URLs in a sitemap";

    private final BearerTokens tokens;
    private final WarmValidator validator;
    private final WarmJobs jobs;
    private final Supplier<Membership> membership;
    private final int maxBodyBytes;

    public WarmHandler(BearerTokens tokens, WarmValidator validator, WarmJobs jobs, Supplier<Membership> membership,
                       int maxBodyBytes) {
        this.tokens = tokens;
        this.validator = validator;
        this.jobs = jobs;
        this.membership = membership;
        this.maxBodyBytes = maxBodyBytes;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/v1/warm", this::warm)
                .GET("/v1/warm/{id}", this::progress)
                .route(RequestPredicates.path("/v1/warm"), request -> methodNotAllowed(request, "POST"))
                .route(RequestPredicates.path("/v1/warm/{id}"), request -> methodNotAllowed(request, "GET"))
                .build();
    }

    Mono<ServerResponse> warm(ServerRequest request) {
        AuthVerdict verdict = tokens.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), Scope.WARM);
        if (!(verdict instanceof AuthVerdict.Allowed allowed)) {
            return refusal(verdict).answer(request);
        }
        Optional<MediaType> type = request.headers().contentType();
        if (type.isEmpty() || !isJson(type.get())) {
            return error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, notJson("a warming job", request),
                    h -> h.setAccept(List.of(MediaType.APPLICATION_JSON)));
        }
        OptionalLong length = request.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBodyBytes) {
            return error(request, HttpStatus.CONTENT_TOO_LARGE, tooLarge(length, maxBodyBytes, SPLIT), NO_HEADERS);
        }
        return body(request, maxBodyBytes, SPLIT)
                .map(bytes -> validator.validate(StrictJson.read(bytes, WarmRequest.class, "a warming job",
                        WarmRequest.FIELDS, "urls or a sitemap"), regions()))
                .flatMap(order -> {
                    WarmJob job = jobs.start(order, allowed.caller().name());
                    return ServerResponse.accepted().location(URI.create(path(job)))
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(job.view());
                })
                .onErrorResume(IntakeException.class, e -> {
                    log.info("warming job refused for {}: {}", allowed.caller().name(), e.getMessage());
                    return error(request, HttpStatus.valueOf(e.kind().status()), e.getMessage(), NO_HEADERS);
                });
    }

    Mono<ServerResponse> progress(ServerRequest request) {
        AuthVerdict verdict = tokens.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION), Scope.READ);
        if (!(verdict instanceof AuthVerdict.Allowed)) {
            return refusal(verdict).answer(request);
        }
        String id = request.pathVariable("id");
        return jobs.find(id)
                .map(job -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(job.view()))
                .orElseGet(() -> error(request, HttpStatus.NOT_FOUND, "no warming job '" + id + "' among the last "
                        + jobs.history() + " jobs this instance keeps (cdn.invalidation.warm.history)", NO_HEADERS));
    }

    private List<String> regions() {
        return membership.get().regions().stream().map(RegionStatus::name).toList();
    }

    static String path(WarmJob job) {
        return "/v1/warm/" + job.id();
    }
}
