package dev.geocdn.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-request knobs a test turns through query parameters ({@code cc=}, {@code etag=},
 * {@code delay=}, ...). Putting them in the URL keeps the mock stateless: every response a proxy
 * caches is fully described by its own request, so tests can run in parallel against one origin.
 *
 * <p>Validation happens here, once, and throws {@link BadRequestException} so that a typo in a
 * test fails loudly with a 400 instead of silently producing a different response.
 */
record ResponseControls(
        String cacheControl,
        String cdnCacheControl,
        String expires,
        String etag,
        String lastModified,
        String date,
        String age,
        String vary,
        String surrogateKey,
        String cacheTag,
        List<String> setCookies,
        String location,
        String contentType,
        Integer status,
        long delayMillis,
        long trickleMillis,
        int chunks,
        boolean chunked,
        List<Map.Entry<String, String>> extraHeaders,
        List<Integer> interim) {

    static final long MAX_WAIT_MILLIS = 3_600_000;
    static final int DEFAULT_CHUNKS = 8;
    static final int MAX_CHUNKS = 100_000;

    static final ResponseControls NONE = parse(Map.of());

    static ResponseControls parse(Map<String, List<String>> params) {
        String etag = first(params, "etag");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String header : params.getOrDefault("header", List.of())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("header must look like Name:Value, got '" + header + "'");
            }
            headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        String status = first(params, "status");
        return new ResponseControls(
                first(params, "cc"),
                first(params, "cdncc"),
                first(params, "expires"),
                etag == null ? null : Conditionals.normalizeEtag(etag),
                first(params, "lm"),
                first(params, "date"),
                first(params, "age"),
                first(params, "vary"),
                first(params, "sk"),
                first(params, "tag"),
                List.copyOf(params.getOrDefault("setcookie", List.of())),
                first(params, "location"),
                first(params, "ct"),
                status == null ? null : (int) number(status, "status", 200, 599),
                number(first(params, "delay"), "delay", 0, MAX_WAIT_MILLIS),
                number(first(params, "trickle"), "trickle", 0, MAX_WAIT_MILLIS),
                (int) numberOr(first(params, "chunks"), "chunks", 1, MAX_CHUNKS, DEFAULT_CHUNKS),
                bool(first(params, "chunked"), "chunked"),
                List.copyOf(headers),
                interim(params.getOrDefault("interim", List.of())));
    }

    /**
     * {@code interim=103,102}: interim responses (RFC 9110 section 15.2) sent, in that order,
     * before the final response; any 1xx but 101.
     */
    private static List<Integer> interim(List<String> values) {
        List<Integer> codes = new ArrayList<>();
        for (String value : values) {
            for (String code : value.split(",")) {
                int status = (int) number(code.strip(), "interim", 100, 199);
                if (status == 101) {
                    throw new BadRequestException("interim must be a 1xx status other than 101");
                }
                codes.add(status);
            }
        }
        return List.copyOf(codes);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static long number(String value, String name, long min, long max) {
        return numberOr(value, name, min, max, 0);
    }

    private static long numberOr(String value, String name, long min, long max, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        if (!trimmed.matches("-?\\d{1,12}")) {
            throw new BadRequestException(name + " must be a whole number, got '" + value + "'");
        }
        long number = Long.parseLong(trimmed);
        if (number < min || number > max) {
            throw new BadRequestException(name + " must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    private static boolean bool(String value, String name) {
        if (value == null) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new BadRequestException(name + " must be true or false, got '" + value + "'");
        };
    }
}
