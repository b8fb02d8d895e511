package dev.geocdn.invalidation.intake;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import java.util.List;

/**
 * Reads a request body from JSON strictly: an unknown field, a duplicate field, a
 * string where a boolean belongs or a number where a URL belongs is a 400 naming the field,
 * with the parser's own words and the line and column. A client that misspells
 * {@code surrogateKeys} learns it at once instead of purging nothing.
 *
 * <p>Its own mapper, not the web layer's: that one is lenient on purpose (unknown properties
 * ignored) for the responses it writes. Thread-safe.
 */
public final class StrictJson {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private StrictJson() {
    }

    /**
     * The {@code type} in {@code json}; never null.
     *
     * @param what   what the body is, for messages: "a purge"
     * @param fields the fields {@code type} has, listed when an unknown one is sent
     * @param shape  what a body must hold, said when it is empty: "urls, prefixes or surrogateKeys"
     */
    public static <T> T read(byte[] json, Class<T> type, String what, List<String> fields, String shape) {
        if (json.length == 0 || new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw IntakeException.badRequest("the body is empty: " + what + " is a JSON object with " + shape);
        }
        T request;
        try {
            request = STRICT.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            throw IntakeException.badRequest("unknown field '" + e.getPropertyName() + "'" + at(e.getLocation())
                    + "; " + what + " has " + String.join(", ", fields));
        } catch (StreamReadException e) {
            throw IntakeException.badRequest("malformed JSON" + at(e.getLocation()) + ": " + plain(e.getOriginalMessage()));
        } catch (JacksonException e) {
            String where = e.getPath().isEmpty() ? "" : " in field '" + path(e) + "'";
            throw IntakeException.badRequest("bad JSON" + where + at(e.getLocation()) + ": " + plain(e.getOriginalMessage()));
        }
        if (request == null) {
            throw IntakeException.badRequest("the body must be a JSON object, not null");
        }
        return request;
    }

    /** {@code urls[2]}: the field names and indexes of the path, without Jackson's class names. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The parser's message without what only its own users can act on: source locations (the
     * line and column are given apart), configuration hints and Java package names.
     */
    static String plain(String message) {
        return message.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "")
                .replaceAll("\\s*\\([^()]*CoercionConfig[^()]*\\)", "")
                .replaceAll("java\\.(lang|util)\\.", "");
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
