package dev.geocdn.invalidation.api;

import dev.geocdn.invalidation.auth.AuthVerdict;
import dev.geocdn.invalidation.auth.Scope;
import dev.geocdn.invalidation.intake.IntakeException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * What every endpoint of the API does the same way: bearer-token refusals (RFC 6750 §3), JSON
 * error bodies, bounded body reading and the JSON content-type check.
 */
final class Requests {

    /** The challenge of every 401 and 403 (RFC 6750 §3). */
    static final String REALM = "Bearer realm=\"geocdn-invalidation\"";
    /** For answers without headers of their own. */
    static final Consumer<HttpHeaders> NO_HEADERS = h -> {
    };

    private Requests() {
    }

    /** A 401 or 403, with the {@code WWW-Authenticate} challenge of RFC 6750 §3. */
    record Refusal(HttpStatus status, String message, String by, Consumer<HttpHeaders> headers) {

        Mono<ServerResponse> answer(ServerRequest request) {
            return error(request, status, message, headers);
        }
    }

    static Refusal refusal(AuthVerdict verdict) {
        return switch (verdict) {
            case AuthVerdict.Missing m -> new Refusal(HttpStatus.UNAUTHORIZED,
                    "a bearer token is needed: Authorization: Bearer <token>", null,
                    h -> h.set(HttpHeaders.WWW_AUTHENTICATE, REALM));
            case AuthVerdict.Invalid i -> new Refusal(HttpStatus.UNAUTHORIZED, "the bearer token was refused: " + i.why(),
                    null, h -> h.set(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"invalid_token\", error_description=\""
                            + i.why() + "\""));
            case AuthVerdict.Forbidden f -> new Refusal(HttpStatus.FORBIDDEN, "token '" + f.caller().name()
                    + "' may not " + f.needed().action() + " (its scopes: "
                    + f.caller().scopes().stream().map(Scope::wireName).sorted().toList() + ")", f.caller().name(),
                    h -> h.set(HttpHeaders.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\", scope=\""
                            + f.needed().wireName() + "\""));
            case AuthVerdict.Allowed a -> throw new IllegalArgumentException("not a refusal");
        };
    }

    static Mono<ServerResponse> error(ServerRequest request, HttpStatus status, String message,
                                      Consumer<HttpHeaders> headers) {
        return ServerResponse.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new Answers.ErrorAnswer(status.value(), status.getReasonPhrase(), message, request.path()));
    }

    static Mono<ServerResponse> methodNotAllowed(ServerRequest request, String allowed) {
        return error(request, HttpStatus.METHOD_NOT_ALLOWED, request.method() + " is not allowed here; use " + allowed,
                h -> h.set(HttpHeaders.ALLOW, allowed));
    }

    /** JSON, in UTF-8 (RFC 8259 §8.1), also as a {@code +json} suffix. */
    static boolean isJson(MediaType type) {
        boolean json = "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || "json".equalsIgnoreCase(type.getSubtypeSuffix()));
        return json && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
    }

    /** The 415 message when the body is not JSON. */
    static String notJson(String what, ServerRequest request) {
        return what + " is sent as Content-Type: application/json (UTF-8); this request has "
                + request.headers().contentType().map(MediaType::toString).orElse("none");
    }

    /**
     * The 413 message, with the body's size when its {@code Content-Length} gave it (a chunked
     * body is only known to be larger once the limit was read).
     */
    static String tooLarge(OptionalLong size, int maxBodyBytes, String advice) {
        return "the body is " + (size.isPresent() ? size.getAsLong() + " bytes, more" : "more") + " than the "
                + maxBodyBytes + " bytes accepted " + advice;
    }

    /** The body, at most {@code maxBodyBytes} of it, whatever the framing; more is a 413 {@link IntakeException}. */
    static Mono<byte[]> body(ServerRequest request, int maxBodyBytes, String advice) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBodyBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class,
                        e -> IntakeException.tooLarge(tooLarge(OptionalLong.empty(), maxBodyBytes, advice)));
    }
}
