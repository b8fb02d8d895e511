package dev.geocdn.local;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code PUT /v1/latency}: a JSON object of region to an object of region to
 * RTT milliseconds. What is wrong with a refused body is said in the matrix's own terms (which
 * region, which pair, which line and column), never in the JSON parser's: its exception
 * messages name Java types and internal source locations that mean nothing to a caller.
 * Whether the regions exist and the numbers are valid is the world's to check.
 */
final class RttMatrixBody {

    /** The start of every refusal: what the body must look like. */
    static final String EXPECTED = "body must be a JSON matrix of RTT milliseconds, e.g. {\"us-west\": {\"eu-west\": 140}}";

    /** A name from the body is quoted up to this many characters. */
    private static final int MAX_QUOTED = 64;

    private static final TypeReference<Map<String, Map<String, Double>>> MATRIX = new TypeReference<>() { };

    private final JsonMapper json;

    RttMatrixBody(JsonMapper json) {
        this.json = json;
    }

    /**
     * The matrix in {@code body}.
     *
     * @throws IllegalArgumentException saying what is wrong, starting with {@link #EXPECTED}
     */
    Map<String, Map<String, Double>> parse(byte[] body) {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw refused("the body is empty");
        }
        Map<String, Map<String, Double>> matrix;
        try {
            matrix = json.readValue(body, MATRIX);
        } catch (StreamReadException e) {
            throw refused("the body is not valid JSON" + where(e.getLocation()));
        } catch (JacksonException e) {
            throw refused(wrongType(e.getPath()));
        }
        if (matrix == null) {
            throw refused("the body must be a JSON object");
        }
        matrix.forEach((from, row) -> {
            if (row == null) {
                throw refused(notARow(from));
            }
            row.forEach((to, ms) -> {
                if (ms == null) {
                    throw refused(notAnRtt(from, to));
                }
            });
        });
        return matrix;
    }

    /** Says which level of the matrix holds something other than what it should. */
    private static String wrongType(List<JacksonException.Reference> path) {
        return switch (path.size()) {
            case 0 -> "the body must be a JSON object";
            case 1 -> notARow(path.get(0).getPropertyName());
            default -> notAnRtt(path.get(0).getPropertyName(), path.get(1).getPropertyName());
        };
    }

    private static String notARow(String from) {
        return quote(from) + " must be an object of region to RTT milliseconds";
    }

    private static String notAnRtt(String from, String to) {
        return quote(from) + " -> " + quote(to) + " must be a number of milliseconds";
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String quote(String name) {
        String shown = name == null ? "?" : name.length() > MAX_QUOTED ? name.substring(0, MAX_QUOTED) + "..." : name;
        return "'" + shown + "'";
    }

    static IllegalArgumentException refused(String why) {
        return new IllegalArgumentException(EXPECTED + ": " + why);
    }
}
